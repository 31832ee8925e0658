package io.dbwarden.tasks;

import io.dbwarden.findings.Finding;
import io.dbwarden.findings.FindingStore;
import io.dbwarden.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Malformed, truncated, empty or read-only tasks.json, and stale or held locks: one message each, the file as it was. */
class TasksFileBadInputTest {
    private static final String GOOD = """
            {
              "master": {
                "tasks": [
                  {"id": 1, "title": "Keep me", "description": "d", "status": "pending", "dependencies": [], "priority": "high", "subtasks": []},
                  {"id": 2, "title": "Keep me too", "description": "d", "status": "pending", "dependencies": [1], "priority": "low", "subtasks": []}
                ],
                "metadata": {"created": "2026-01-01T00:00:00.000Z"}
              }
            }""";
    @TempDir
    Path project;
    private StateStore state;
    private TaskSync sync;
    private Path file;

    @BeforeEach
    void setUp() throws Exception {
        state = StateStore.open("state.db", project);
        FindingStore store = new FindingStore(state);
        store.reconcile("default", "query-analyzer", List.of(Finding.of("slow-query", Finding.Severity.HIGH,
                Finding.Category.PERFORMANCE, "public.work_orders", "", "Slow query on work_orders", "d", "create index …", null)));
        var settings = TaskSyncTest.settings("medium", null, false, false);
        sync = new TaskSync(store, new TaskmasterProject(project, settings), settings);
        file = project.resolve(".taskmaster/tasks/tasks.json");
        Files.createDirectories(file.getParent());
    }

    @AfterEach
    void tearDown() {
        state.close();
    }

    private void assertRefusedAndUnchanged(byte[] content, String... messageParts) throws Exception {
        assertThatThrownBy(() -> sync.sync("default")).isInstanceOf(TaskFileException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(messageParts).doesNotContain("Exception").hasLineCount(1));
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        try (var left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("tasks.json");
        }
    }

    @Test
    void malformedJsonIsReportedWithItsPlaceAndLeftAlone() throws Exception {
        byte[] bad = GOOD.replace("\"Keep me\",", "\"Keep me\" oops,").getBytes();
        Files.write(file, bad);
        assertRefusedAndUnchanged(bad, ".taskmaster/tasks/tasks.json is not valid JSON", "line 4", "left the file as it is");
    }

    @Test
    void aTruncatedFileIsReportedAsTruncatedAndLeftAlone() throws Exception {
        byte[] cut = GOOD.substring(0, GOOD.length() / 2).getBytes();
        Files.write(file, cut);
        assertRefusedAndUnchanged(cut, "not valid JSON", "ends too early");
    }

    @Test
    void anEmptyFileOrTheWrongShapeIsNotTreatedAsAnEmptyTaskList() throws Exception {
        byte[] empty = "  \n".getBytes();
        Files.write(file, empty);
        assertRefusedAndUnchanged(empty, "is empty", "Restore it");

        byte[] array = "[{\"id\": 1}]".getBytes();
        Files.write(file, array);
        assertRefusedAndUnchanged(array, "must hold a JSON object", "not array");

        byte[] badTag = "{\"master\": {\"tasks\": {\"1\": {}}}}".getBytes();
        Files.write(file, badTag);
        assertRefusedAndUnchanged(badTag, "Tag 'master'", "not an object with a \"tasks\" array");

        byte[] duplicate = "{\"master\": {\"tasks\": []}, \"master\": {\"tasks\": [{\"id\": 1}]}}".getBytes();
        Files.write(file, duplicate);
        assertRefusedAndUnchanged(duplicate, "not valid JSON", "Duplicate field 'master'");
    }

    @Test
    void aReadOnlyFileIsNotReplaced() throws Exception {
        Files.writeString(file, GOOD);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        assertRefusedAndUnchanged(GOOD.getBytes(), "is read-only", "chmod u+w");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
    }

    @Test
    void aStaleLockIsTakenOverTheWayTaskmasterDoesAndSaidSo() throws Exception {
        Files.writeString(file, GOOD);
        Path lock = file.resolveSibling("tasks.json.lock");
        Files.writeString(lock, "{\"pid\": 999999, \"timestamp\": 1}"); // the legacy writer's lock is a file
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(60)));
        TaskSync.Outcome o = sync.sync("default");
        assertThat(o.count("created")).isEqualTo(1);
        assertThat(o.notes()).anySatisfy(n -> assertThat(n).contains("took over a stale lock").contains("untouched for 6"));
        assertThat(lock).doesNotExist();
        try (var left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).anyMatch(n -> n.startsWith("tasks.json.lock.stale."));
        }
        assertThat(TaskSyncTest.titles(new TasksFile(file).read().path("master").path("tasks")))
                .containsExactly("Keep me", "Keep me too", "Slow query on work_orders");
    }

    @Test
    void aLockHeldByALiveProcessIsWaitedForThenReported() throws Exception {
        Files.writeString(file, GOOD);
        Path lock = file.resolveSibling("tasks.json.lock");
        Files.createDirectory(lock); // tm-core's lock is a directory, and it is fresh
        TasksFile held = new TasksFile(file, Duration.ofMillis(400));
        assertThatThrownBy(() -> held.modify(edit -> {
            edit.markChanged();
            return null;
        })).isInstanceOf(TaskFileException.class).hasMessageContaining("held by another process").hasMessageContaining("was not changed");
        assertThat(Files.readString(file)).isEqualTo(GOOD);
        assertThat(lock).isDirectory();
    }
}
