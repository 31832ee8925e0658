package io.dbwarden.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.config.Config;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.FindingQuery;
import io.dbwarden.findings.FindingStore;
import io.dbwarden.findings.StoredFinding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps TaskMaster's task list in step with the finding store. An open finding at or above tasks.min_severity gets a
 * task (once: the fingerprint in the task's metadata is the key, across every tag); a finding a later check resolved
 * closes its task as done with a line saying what was verified and when; a reopened finding sets it back to pending.
 * A task a person set to cancelled or deferred is never touched. The sync is state-based, so running it twice, or after
 * missing a check, gives the same file.
 */
public final class TaskSync {
    /** Statuses that are a person's decision: dbwarden never changes these tasks. */
    static final Set<String> PERSON_DECIDED = Set.of("cancelled", "deferred");

    /** One thing the sync did to (or deliberately did not do to) a task. */
    public record Change(String action, String taskId, String tag, String fingerprint, String title) {
    }

    /** What a sync did, where, and anything the user should know. */
    public record Outcome(String file, String tag, String connection, List<Change> changes, List<String> notes, boolean written) {
        public long count(String action) {
            return changes.stream().filter(c -> c.action().equals(action)).count();
        }

        /** The outcome as the MCP tool and {@code --json} show it. */
        public Map<String, Object> asMap() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("file", file);
            m.put("tag", tag);
            m.put("database", connection);
            m.put("written", written);
            for (String a : List.of("created", "closed", "reopened", "left")) m.put(a, count(a));
            m.put("changes", changes.stream().filter(c -> !c.action().equals("done-but-open")).map(c -> {
                Map<String, Object> x = new java.util.LinkedHashMap<>();
                x.put("action", c.action());
                x.put("task", c.taskId());
                x.put("tag", c.tag());
                x.put("finding", c.fingerprint());
                x.put("title", c.title());
                return x;
            }).toList());
            if (!notes.isEmpty()) m.put("notes", notes);
            return m;
        }
    }

    private final FindingStore findings;
    private final TaskmasterProject project;
    private final Finding.Severity minSeverity;

    public TaskSync(FindingStore findings, TaskmasterProject project, Config.Tasks settings) {
        this.findings = findings;
        this.project = project;
        this.minSeverity = Finding.Severity.parse(settings.minSeverity());
    }

    public Outcome sync(String connection) {
        project.requireOrCreate();
        String tag = project.tag();
        // Read the store before taking the file lock: the critical section stays milliseconds long.
        List<StoredFinding> all = findings.query(new FindingQuery(connection, null, null, null, null, null));
        TasksFile file = project.tasks();
        Instant now = Instant.now();
        TasksFile.Changed<List<Change>> done = file.modify(edit -> apply(edit, all, connection, tag, now));
        List<String> notes = new ArrayList<>();
        if (done.lockNote() != null) notes.add(done.lockNote());
        for (Change c : done.result()) {
            if (c.action().equals("done-but-open")) {
                notes.add("Task " + c.taskId() + " is done, but dbwarden still sees its finding open; it was left done. Run the "
                        + "validation command from its testStrategy.");
            }
        }
        return new Outcome(project.root().relativize(file.path()).toString(), tag, connection, done.result(), notes, done.written());
    }

    private List<Change> apply(TasksFile.Edit edit, List<StoredFinding> stored, String connection, String tag, Instant now) {
        ObjectNode root = edit.root();
        Map<String, Located> byFingerprint = index(root, connection);
        List<Change> changes = new ArrayList<>();
        List<StoredFinding> toCreate = new ArrayList<>();
        for (StoredFinding s : stored) {
            Located at = byFingerprint.get(s.finding().fingerprint());
            if (at == null) {
                if (s.status() == StoredFinding.Status.OPEN && s.finding().severity().atLeast(minSeverity)) toCreate.add(s);
                continue;
            }
            Change c = update(at, s, now);
            if (c != null) {
                changes.add(c);
                if (!c.action().equals("left") && !c.action().equals("done-but-open")) edit.markChanged();
            }
        }
        if (!toCreate.isEmpty()) {
            ArrayNode tasks = TasksFile.tasksOf(root, tag, true, ".taskmaster/tasks/tasks.json");
            toCreate.sort(Comparator.comparing(StoredFinding::finding, Finding.BY_SEVERITY));
            for (StoredFinding s : toCreate) {
                long id = TaskIds.next(tasks);
                tasks.add(FindingTasks.newTask(id, s, now));
                changes.add(new Change("created", String.valueOf(id), tag, s.finding().fingerprint(), s.finding().title()));
            }
            edit.markChanged();
        }
        if (changes.stream().anyMatch(c -> !c.action().equals("left") && !c.action().equals("done-but-open"))) {
            touchTagMetadata(root, changes);
        }
        return changes;
    }

    private record Located(String tag, ObjectNode task) {
    }

    /** Tasks dbwarden made, by fingerprint, in every tag: a task a person moved to another tag is still that finding's task. */
    private static Map<String, Located> index(ObjectNode root, String connection) {
        Map<String, Located> out = new HashMap<>();
        root.fields().forEachRemaining(e -> {
            if (!e.getValue().path("tasks").isArray()) return;
            for (JsonNode t : e.getValue().get("tasks")) {
                JsonNode m = t.path("metadata").path(FindingTasks.METADATA_KEY);
                String fp = m.path("fingerprint").asText("");
                if (!t.isObject() || fp.isEmpty()) continue;
                if (m.has("connection") && !m.path("connection").asText().equals(connection)) continue;
                out.putIfAbsent(fp, new Located(e.getKey(), (ObjectNode) t));
            }
        });
        return out;
    }

    /** The lifecycle rules for one existing task; null when nothing is to be said about it. */
    private static Change update(Located at, StoredFinding s, Instant now) {
        ObjectNode task = at.task();
        String status = task.path("status").asText("pending");
        String id = TaskIds.normalise(task.get("id"));
        Change left = new Change("left", id, at.tag(), s.finding().fingerprint(), task.path("title").asText());
        ObjectNode m = (ObjectNode) task.path("metadata").path(FindingTasks.METADATA_KEY);
        String recorded = m.path("findingStatus").asText("open");
        int recordedReopened = m.path("reopened").asInt(0);
        boolean resolved = s.status() == StoredFinding.Status.RESOLVED;
        if (resolved) {
            if (recorded.equals("resolved")) return null;
            if (PERSON_DECIDED.contains(status)) return left;
            Instant at1 = s.resolvedAt() == null ? now : s.resolvedAt();
            appendDetails(task, "Verified by dbwarden at " + at1 + ": the " + s.scope() + " check of database '" + s.connection()
                    + "' no longer reports " + s.finding().ruleId() + " on " + s.finding().subject() + " (finding "
                    + s.finding().fingerprint() + "), so this task is done.");
            task.put("status", "done");
            record(task, m, "resolved", s, now);
            return new Change("closed", id, at.tag(), s.finding().fingerprint(), task.path("title").asText());
        }
        boolean cameBack = recorded.equals("resolved") || s.reopened() > recordedReopened;
        if (!cameBack) {
            return status.equals("done") || status.equals("completed") ? new Change("done-but-open", id, at.tag(),
                    s.finding().fingerprint(), task.path("title").asText()) : null;
        }
        if (PERSON_DECIDED.contains(status)) return left;
        if (status.equals("done") || status.equals("completed")) {
            appendDetails(task, "Reopened by dbwarden at " + s.lastSeen() + ": the " + s.scope() + " check of database '"
                    + s.connection() + "' reports " + s.finding().ruleId() + " on " + s.finding().subject() + " again.");
            task.put("status", "pending");
            record(task, m, "open", s, now);
            return new Change("reopened", id, at.tag(), s.finding().fingerprint(), task.path("title").asText());
        }
        // Resolved and back again between two syncs while the task was still being worked on: only the record moves.
        record(task, m, "open", s, now);
        return new Change("updated", id, at.tag(), s.finding().fingerprint(), task.path("title").asText());
    }

    private static void record(ObjectNode task, ObjectNode m, String findingStatus, StoredFinding s, Instant now) {
        m.put("findingStatus", findingStatus);
        m.put("reopened", s.reopened());
        m.put("syncedAt", now.toString());
        if (s.resolvedAt() != null && findingStatus.equals("resolved")) m.put("verifiedAt", s.resolvedAt().toString());
        task.put("updatedAt", now.toString());
    }

    private static void appendDetails(ObjectNode task, String line) {
        String d = task.path("details").asText("");
        task.put("details", d.isBlank() ? line : d.stripTrailing() + "\n\n" + line);
    }

    /** Keeps whatever metadata the tag has (legacy or tm-core shape) and moves only its clocks and counts. */
    private static void touchTagMetadata(ObjectNode root, List<Change> changes) {
        changes.stream().map(Change::tag).distinct().forEach(tag -> {
            JsonNode t = root.get(tag);
            if (t == null || !t.isObject()) return;
            ObjectNode meta = t.path("metadata").isObject() ? (ObjectNode) t.get("metadata") : ((ObjectNode) t).putObject("metadata");
            String now = Instant.now().toString();
            if (meta.has("lastModified")) meta.put("lastModified", now);
            else meta.put("updated", now);
            if (meta.has("taskCount")) meta.put("taskCount", t.path("tasks").size());
            if (meta.has("completedCount")) {
                int completed = 0;
                for (JsonNode x : t.path("tasks")) {
                    String st = x.path("status").asText();
                    if (st.equals("done") || st.equals("completed")) completed++;
                }
                meta.put("completedCount", completed);
            }
        });
    }
}
