package io.dbwarden.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.config.Config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Where a TaskMaster project keeps its files and which tag dbwarden works in: tasks.tag from dbwarden.yaml (or
 * TASKMASTER_TAG), else state.json's currentTag (legacy: activeTag), else master, as TaskMaster itself decides.
 */
public final class TaskmasterProject {
    private final Path root;
    private final Config.Tasks settings;

    public TaskmasterProject(Path dbwardenRoot, Config.Tasks settings) {
        this.root = dbwardenRoot.resolve(settings.directory()).normalize();
        this.settings = settings;
    }

    public Path root() {
        return root;
    }

    public Path directory() {
        return root.resolve(".taskmaster");
    }

    public TasksFile tasks() {
        return new TasksFile(directory().resolve("tasks").resolve("tasks.json"));
    }

    public boolean exists() {
        return Files.isDirectory(directory());
    }

    public String tag() {
        if (settings.tag() != null && !settings.tag().isBlank()) return settings.tag().trim();
        Path state = directory().resolve("state.json");
        if (!Files.isRegularFile(state)) return "master";
        JsonNode n;
        try {
            n = TasksFile.JSON.readTree(Files.readString(state));
        } catch (IOException e) {
            throw new TaskFileException(".taskmaster/state.json is not readable JSON (" + firstLine(e.getMessage()) + "), so the "
                    + "current tag is unknown. Fix it, run `task-master tags use <tag>`, or set tasks.tag in dbwarden.yaml.");
        }
        for (String key : new String[]{"currentTag", "activeTag"}) {
            JsonNode t = n == null ? null : n.get(key);
            if (t != null && t.isTextual() && !t.asText().isBlank()) return t.asText();
        }
        return "master";
    }

    /** Fails with directions when there is no .taskmaster/, unless tasks.create_missing allows making the minimum. */
    public void requireOrCreate() {
        if (exists()) {
            try {
                // init makes tasks/, but a hand-made .taskmaster/ may lack it; tasks.json itself starts from {} in the lock.
                Files.createDirectories(directory().resolve("tasks"));
            } catch (IOException e) {
                throw new TaskFileException("Cannot create " + directory().resolve("tasks") + ": " + e.getMessage() + ".");
            }
            return;
        }
        if (!settings.createMissing()) {
            throw new TaskFileException("No TaskMaster project in " + root + " (there is no .taskmaster/ directory). Initialise "
                    + "one there with `npx task-master-ai init` (or `task-master init`), or set tasks.create_missing: true in "
                    + "dbwarden.yaml to let dbwarden create the minimal structure (.taskmaster/tasks/tasks.json and state.json).");
        }
        try {
            Files.createDirectories(directory().resolve("tasks"));
            ObjectNode state = TasksFile.JSON.createObjectNode();
            state.put("currentTag", tag()).put("lastSwitched", Instant.now().toString()).putObject("branchTagMapping");
            state.put("migrationNoticeShown", true);
            Path statePath = directory().resolve("state.json");
            if (!Files.exists(statePath)) Files.writeString(statePath, TasksFile.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
        } catch (IOException e) {
            throw new TaskFileException("Cannot create " + directory() + ": " + e.getMessage() + ".");
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
