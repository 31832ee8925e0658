package io.dbwarden.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** dbwarden tasks sync|context as a user runs them: readable output, one-line errors, exit codes. */
class TasksCommandTest {
    @TempDir
    Path project;

    private CliRun run(String... args) {
        return CliRun.of(CliRun.onDemo(project, args));
    }

    @Test
    void withoutTaskmasterSyncSaysHowToInitialise() {
        CliRun r = run("tasks", "sync");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("dbwarden: No TaskMaster project").contains("task-master-ai init").hasLineCount(1);
        assertThat(project.resolve(".taskmaster")).doesNotExist();
    }

    @Test
    void contextPrintsTheTablesCodeAndCommandsAndABadFileIsOneLine() throws Exception {
        Path file = project.resolve(".taskmaster/tasks/tasks.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                {"master": {"tasks": [{"id": 1, "title": "Show equipment checkouts per crew", "description": "List equipment assignments",
                  "status": "pending", "dependencies": [], "priority": "medium", "subtasks": []}]}}""");
        CliRun r = run("tasks", "context", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Task 1 [master, pending]: Show equipment checkouts per crew")
                .contains("public.equipment_assignments (table)", "== table public.equipment_assignments",
                        "--- src/types/database.ts (public.equipment_assignments, supabase_types)",
                        "Validate before closing", "  dbwarden generate --check");

        CliRun sync = run("tasks", "sync", "--json");
        assertThat(sync.code()).as(sync.err()).isZero();
        assertThat(sync.out()).contains("\"tag\" : \"master\"");

        Files.writeString(file, "{\"master\": {\"tasks\": [");
        CliRun bad = run("tasks", "context", "1");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("not valid JSON").contains("ends too early").hasLineCount(1).doesNotContain("\tat ");
    }
}
