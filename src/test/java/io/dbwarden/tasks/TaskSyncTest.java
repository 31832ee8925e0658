package io.dbwarden.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.config.Config;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.Finding.Category;
import io.dbwarden.findings.Finding.Severity;
import io.dbwarden.findings.FindingStore;
import io.dbwarden.monitor.SchemaMonitor;
import io.dbwarden.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Findings become TaskMaster tasks and verified fixes close them, against real checks and a real tasks.json. */
class TaskSyncTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path project;

    private Path tasksJson() {
        return project.resolve(".taskmaster/tasks/tasks.json");
    }

    private JsonNode read() throws Exception {
        return JSON.readTree(Files.readString(tasksJson()));
    }

    static Config.Tasks settings(String min, String tag, boolean afterCheck, boolean create) {
        return new Config.Tasks(min, tag, afterCheck, create, ".");
    }

    private static Finding finding(String subject, Severity severity) {
        return Finding.of("slow-query", severity, Category.PERFORMANCE, subject, "", "Slow query on " + subject,
                "Mean 812 ms over 40 calls.", "create index concurrently on " + subject + " (crew_id);", null);
    }

    @Test
    void aDroppedColumnBecomesATaskOnceAndItsVerifiedFixClosesIt() throws Exception {
        String url = TestDatabase.freshDatabase("tasks");
        TestDatabase.exec(url, "create table crews (id int primary key, name text, region text)");
        Files.createDirectories(project.resolve(".taskmaster"));
        Config config = TestDatabase.config(url, project).withTasks(settings("medium", null, true, false));
        try (Warden warden = new Warden(config)) {
            SchemaMonitor monitor = warden.monitor(null);
            monitor.check(List.of()); // the baseline
            TestDatabase.exec(url, "alter table crews drop column region");
            monitor.check(List.of()); // the monitor's hook syncs after the check

            JsonNode tasks = read().path("master").path("tasks");
            assertThat(tasks).hasSize(1);
            JsonNode t = tasks.get(0);
            assertThat(t.path("id").isInt()).isTrue();
            assertThat(t.path("id").asInt()).isEqualTo(1);
            assertThat(t.path("status").asText()).isEqualTo("pending");
            assertThat(t.path("priority").asText()).isEqualTo("high");
            assertThat(t.path("title").asText()).contains("region");
            assertThat(t.path("details").asText()).contains("Evidence").contains("\"action\" : \"dropped\"").contains("Remediation:");
            assertThat(t.path("testStrategy").asText()).contains("dbwarden check && dbwarden schema-monitor").contains("dbwarden tasks sync");
            String fingerprint = t.path("metadata").path("dbwarden").path("fingerprint").asText();
            assertThat(fingerprint).hasSize(24);

            // The same finding, seen again by a later check and a second sync: still one task, file untouched.
            String before = Files.readString(tasksJson());
            monitor.check(List.of());
            TaskSync.Outcome again = warden.taskSync().sync(warden.forConnection(null).database().name());
            assertThat(again.written()).isFalse();
            assertThat(Files.readString(tasksJson())).isEqualTo(before);

            // The fix: the column is back, the next check resolves the finding and its hook closes the task.
            TestDatabase.exec(url, "alter table crews add column region text");
            monitor.check(List.of());
            JsonNode closed = read().path("master").path("tasks").get(0);
            assertThat(closed.path("status").asText()).isEqualTo("done");
            assertThat(closed.path("details").asText()).containsPattern("Verified by dbwarden at \\d{4}-\\d\\d-\\d\\dT")
                    .contains("no longer reports schema-changed on public.crews.region");
            assertThat(closed.path("metadata").path("dbwarden").path("findingStatus").asText()).isEqualTo("resolved");
        }
    }

    @Test
    void aPersonsCancelledOrDeferredTaskIsNeverTouchedAndAReturningFindingReopensDoneTasks() throws Exception {
        try (StateStore state = StateStore.open("state.db", project)) {
            FindingStore store = new FindingStore(state);
            Files.createDirectories(project.resolve(".taskmaster"));
            TaskSync sync = new TaskSync(store, new TaskmasterProject(project, settings("medium", null, false, false)),
                    settings("medium", null, false, false));
            List<Finding> three = List.of(finding("public.a", Severity.HIGH), finding("public.b", Severity.MEDIUM),
                    finding("public.c", Severity.CRITICAL));
            store.reconcile("default", "query-analyzer", three);
            TaskSync.Outcome created = sync.sync("default");
            assertThat(created.count("created")).isEqualTo(3);
            // Most severe first: the critical one gets the first id.
            assertThat(created.changes().get(0).title()).contains("public.c");
            assertThat(created.changes().get(0).taskId()).isEqualTo("1");

            // A person cancels one task and defers another (as tm-core writes: string ids, updatedAt).
            ObjectNode root = (ObjectNode) read();
            for (JsonNode t : root.path("master").path("tasks")) {
                ObjectNode task = (ObjectNode) t;
                task.put("id", task.path("id").asText());
                String subject = task.path("metadata").path("dbwarden").path("subject").asText();
                if (subject.equals("public.a")) task.put("status", "cancelled");
                if (subject.equals("public.b")) task.put("status", "deferred");
            }
            Files.writeString(tasksJson(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            JsonNode personA = task(read(), "public.a");
            JsonNode personB = task(read(), "public.b");

            store.reconcile("default", "query-analyzer", List.of()); // all three resolved
            TaskSync.Outcome closed = sync.sync("default");
            assertThat(closed.count("closed")).isEqualTo(1);
            assertThat(closed.count("left")).isEqualTo(2);
            assertThat(task(read(), "public.c").path("status").asText()).isEqualTo("done");
            assertThat(task(read(), "public.a")).isEqualTo(personA);
            assertThat(task(read(), "public.b")).isEqualTo(personB);

            store.reconcile("default", "query-analyzer", three); // all three come back
            TaskSync.Outcome reopened = sync.sync("default");
            assertThat(reopened.count("reopened")).isEqualTo(1);
            assertThat(reopened.count("created")).isZero();
            JsonNode c = task(read(), "public.c");
            assertThat(c.path("status").asText()).isEqualTo("pending");
            assertThat(c.path("details").asText()).contains("Verified by dbwarden").contains("Reopened by dbwarden at");
            assertThat(task(read(), "public.a")).isEqualTo(personA);
            assertThat(task(read(), "public.b")).isEqualTo(personB);
            assertThat(read().path("master").path("tasks")).hasSize(3);

            // A person marks C done while dbwarden still sees its finding: it stays done, and the sync says so.
            ObjectNode marked = (ObjectNode) read();
            for (JsonNode t : marked.path("master").path("tasks")) {
                if (t.path("metadata").path("dbwarden").path("subject").asText().equals("public.c")) ((ObjectNode) t).put("status", "done");
            }
            Files.writeString(tasksJson(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(marked));
            store.reconcile("default", "query-analyzer", three);
            TaskSync.Outcome stillOpen = sync.sync("default");
            assertThat(stillOpen.written()).isFalse();
            assertThat(task(read(), "public.c").path("status").asText()).isEqualTo("done");
            assertThat(stillOpen.notes()).anySatisfy(n -> assertThat(n).startsWith("Task 1 is done, but dbwarden still sees its finding open"));
        }
    }

    private static JsonNode task(JsonNode root, String subject) {
        for (JsonNode t : root.path("master").path("tasks")) {
            if (t.path("metadata").path("dbwarden").path("subject").asText().equals(subject)) return t;
        }
        throw new AssertionError("no task for " + subject);
    }

    @Test
    void keepsEveryFieldItDoesNotOwnAndWritesIntoTheCurrentTag() throws Exception {
        Path dir = project.resolve(".taskmaster/tasks");
        Files.createDirectories(dir);
        String original = """
                {
                  "master": {
                    "tasks": [
                      {"id": "1", "title": "Set up schema", "description": "d", "status": "done", "dependencies": [], "priority": "high",
                       "subtasks": [{"id": 1, "title": "s", "parentTaskId": 1, "parentId": "undefined"}], "updatedAt": "2026-11-24T13:35:34.922Z",
                       "relevantFiles": [{"path": "app/page.tsx", "description": "x", "action": "modify"}], "metadata": {"owner": "ana"}}
                    ],
                    "metadata": {"version": "1.0.0", "lastModified": "2026-11-24T13:35:34.922Z", "taskCount": 1, "completedCount": 1, "tags": ["master"]}
                  },
                  "feature-x": {
                    "tasks": [
                      {"id": 4, "title": "Posts API", "description": "d", "status": "pending", "dependencies": [1, "2"], "priority": "medium", "subtasks": []},
                      {"id": "7", "title": "Later", "description": "d", "status": "pending", "dependencies": [], "priority": "low", "subtasks": []}
                    ],
                    "metadata": {"created": "2026-01-01T00:00:00.000Z", "updated": "2026-01-02T00:00:00.000Z", "description": "feature branch"}
                  },
                  "someoneElsesKey": {"keep": [1, 2.50, "x"]}
                }""";
        Files.writeString(dir.resolve("tasks.json"), original);
        Files.writeString(project.resolve(".taskmaster/state.json"), "{\"currentTag\": \"feature-x\", \"branchTagMapping\": {}}");
        try (StateStore state = StateStore.open("state.db", project)) {
            FindingStore store = new FindingStore(state);
            store.reconcile("default", "query-analyzer", List.of(finding("public.work_orders", Severity.HIGH),
                    finding("public.notes", Severity.LOW)));
            TaskSync.Outcome o = new TaskSync(store, new TaskmasterProject(project, settings("medium", null, false, false)),
                    settings("medium", null, false, false)).sync("default");
            assertThat(o.tag()).isEqualTo("feature-x");
            assertThat(o.count("created")).as("the low finding is under tasks.min_severity").isEqualTo(1);
        }
        JsonNode before = JSON.readTree(original);
        JsonNode after = read();
        assertThat(after.get("master")).isEqualTo(before.get("master"));
        assertThat(after.get("someoneElsesKey")).isEqualTo(before.get("someoneElsesKey"));
        ArrayNode featureTasks = (ArrayNode) after.path("feature-x").path("tasks");
        assertThat(featureTasks).hasSize(3);
        assertThat(featureTasks.get(0)).isEqualTo(before.path("feature-x").path("tasks").get(0));
        assertThat(featureTasks.get(1)).isEqualTo(before.path("feature-x").path("tasks").get(1));
        assertThat(featureTasks.get(2).path("id").asInt()).as("max of 4 and \"7\", plus one, as a number").isEqualTo(8);
        assertThat(featureTasks.get(2).path("id").isNumber()).isTrue();
        assertThat(after.path("feature-x").path("metadata").path("description").asText()).isEqualTo("feature branch");
        assertThat(after.path("feature-x").path("metadata").path("updated").asText()).isNotEqualTo("2026-01-02T00:00:00.000Z");
    }

    @Test
    void aConfiguredTagWinsAndALegacyFileIsWrappedUnderMaster() throws Exception {
        Path dir = project.resolve(".taskmaster/tasks");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tasks.json"), "{\"tasks\": [{\"id\": 1, \"title\": \"old\", \"description\": \"d\", \"status\": \"pending\"}]}");
        Files.writeString(project.resolve(".taskmaster/state.json"), "{\"currentTag\": \"master\"}");
        try (StateStore state = StateStore.open("state.db", project)) {
            FindingStore store = new FindingStore(state);
            store.reconcile("default", "query-analyzer", List.of(finding("public.x", Severity.HIGH)));
            Config.Tasks s = settings("medium", "dbwarden", false, false);
            new TaskSync(store, new TaskmasterProject(project, s), s).sync("default");
        }
        JsonNode after = read();
        assertThat(after.path("master").path("tasks").get(0).path("title").asText()).isEqualTo("old");
        assertThat(after.path("dbwarden").path("tasks")).hasSize(1);
        assertThat(after.has("tasks")).isFalse();
    }

    @Test
    void withoutTaskmasterItSaysHowToInitialiseOrCreatesTheMinimum() throws Exception {
        try (StateStore state = StateStore.open("state.db", project)) {
            FindingStore store = new FindingStore(state);
            store.reconcile("default", "query-analyzer", List.of(finding("public.x", Severity.HIGH)));
            Config.Tasks off = settings("medium", null, false, false);
            assertThatThrownBy(() -> new TaskSync(store, new TaskmasterProject(project, off), off).sync("default"))
                    .isInstanceOf(TaskFileException.class).hasMessageContaining("task-master-ai init")
                    .hasMessageContaining("tasks.create_missing");
            assertThat(project.resolve(".taskmaster")).doesNotExist();

            Config.Tasks on = settings("medium", null, false, true);
            TaskSync.Outcome o = new TaskSync(store, new TaskmasterProject(project, on), on).sync("default");
            assertThat(o.count("created")).isEqualTo(1);
            assertThat(read().path("master").path("tasks")).hasSize(1);
            assertThat(JSON.readTree(Files.readString(project.resolve(".taskmaster/state.json"))).path("currentTag").asText()).isEqualTo("master");
        }
    }

    static List<String> titles(JsonNode tasks) {
        List<String> out = new ArrayList<>();
        tasks.forEach(t -> out.add(t.path("title").asText()));
        return out;
    }
}
