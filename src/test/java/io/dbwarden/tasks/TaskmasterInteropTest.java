package io.dbwarden.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.NodeProject;
import io.dbwarden.config.Config;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.FindingStore;
import io.dbwarden.state.StateStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dbwarden and the real TaskMaster CLI (task-master-ai, pinned in e2e/taskmaster) on one tasks.json: the CLI shows what
 * dbwarden wrote, dbwarden respects what a person set with the CLI, and both writing at once loses nothing. Offline:
 * no AI key, no self-update.
 */
class TaskmasterInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static NodeProject node;
    @TempDir
    Path project;

    @BeforeAll
    static void install() throws Exception {
        node = NodeProject.installed("e2e/taskmaster", "task-master-ai");
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("TASKMASTER_SKIP_AUTO_UPDATE", "1");
        env.put("TASK_MASTER_PROJECT_ROOT", project.toString());
        for (String k : System.getenv().keySet()) if (k.endsWith("_API_KEY")) env.put(k, null);
        env.put("TASKMASTER_TAG", null);
        return env;
    }

    private NodeProject.Run cli(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = node.bin("task-master");
        System.arraycopy(args, 0, command, 1, args.length);
        return node.runIn(project, Duration.ofSeconds(120), env(), command);
    }

    private static JsonNode json(NodeProject.Run run) throws Exception {
        assertThat(run.exit()).as(run.both()).isZero();
        String out = run.out();
        return JSON.readTree(out.substring(out.indexOf('{')));
    }

    private static Finding finding(String subject, Finding.Severity severity) {
        return Finding.of("slow-query", severity, Finding.Category.PERFORMANCE, subject, "", "Slow query on " + subject,
                "Mean 812 ms over 40 calls.", "create index concurrently on " + subject + " (crew_id);", null);
    }

    private TaskSync sync(FindingStore store) {
        Config.Tasks settings = new Config.Tasks("medium", null, false, true, ".");
        return new TaskSync(store, new TaskmasterProject(project, settings), settings);
    }

    @Test
    void theCliShowsWhatDbwardenWroteAndDbwardenRespectsWhatAPersonSetWithIt() throws Exception {
        try (StateStore state = StateStore.open("state.db", project)) {
            FindingStore store = new FindingStore(state);
            List<Finding> found = List.of(finding("public.work_orders", Finding.Severity.HIGH), finding("public.crews", Finding.Severity.MEDIUM));
            store.reconcile("default", "query-analyzer", found);
            TaskSync sync = sync(store);
            assertThat(sync.sync("default").count("created")).isEqualTo(2); // also creates the minimal .taskmaster/

            JsonNode list = json(cli("list", "--json"));
            assertThat(list.path("tasks")).hasSize(2);
            assertThat(list.path("tasks").get(0).path("title").asText()).isEqualTo("Slow query on public.work_orders");
            assertThat(list.path("tasks").get(0).path("priority").asText()).isEqualTo("high");
            assertThat(list.path("tasks").get(1).path("priority").asText()).isEqualTo("medium");
            assertThat(list.path("tasks").get(1).path("status").asText()).isEqualTo("pending");

            JsonNode show = json(cli("show", "1", "--json")).path("task");
            assertThat(show.path("details").asText()).contains("Evidence").contains("create index concurrently on public.work_orders");
            assertThat(show.path("testStrategy").asText()).contains("dbwarden tasks sync");
            assertThat(show.path("metadata").path("dbwarden").path("fingerprint").asText()).isEqualTo(found.get(0).fingerprint());

            // A person defers task 2 with the CLI (tm-core rewrites ids as strings); then both findings are fixed.
            NodeProject.Run set = cli("set-status", "--id=2", "--status=deferred");
            assertThat(set.exit()).as(set.both()).isZero();
            store.reconcile("default", "query-analyzer", List.of());
            TaskSync.Outcome after = sync.sync("default");
            assertThat(after.count("closed")).isEqualTo(1);
            assertThat(after.count("left")).isEqualTo(1);

            JsonNode again = json(cli("list", "--json"));
            assertThat(again.path("tasks").get(0).path("status").asText()).isEqualTo("done");
            assertThat(again.path("tasks").get(1).path("status").asText()).isEqualTo("deferred");
            JsonNode text = JSON.readTree(Files.readString(project.resolve(".taskmaster/tasks/tasks.json")));
            assertThat(text.path("master").path("tasks").get(0).path("details").asText()).contains("Verified by dbwarden at");
        }
    }

    /**
     * TaskMaster's own add-task reads tasks.json outside its lock and writes its copy of the tag back inside it
     * (0.43.1, writeJSON), so two add-tasks at once can drop each other's task, and an add-task can drop a task another
     * writer added in between. So the CLI runs its adds one after another here, while dbwarden syncs all the time: no CLI
     * task may be lost (dbwarden re-reads inside the lock and only adds), and a dbwarden task the CLI's stale write
     * dropped must be back after the next sync (the sync works from the findings' state).
     */
    @Test
    void dbwardenSyncingWhileTheCliAddsTasksLosesNothingAndTheFileAlwaysParses() throws Exception {
        int adds = 5;
        try (StateStore state = StateStore.open("state.db", project)) {
            FindingStore store = new FindingStore(state);
            TaskSync sync = sync(store);
            store.reconcile("default", "query-analyzer", List.of(finding("public.t0", Finding.Severity.HIGH)));
            sync.sync("default");
            Path file = project.resolve(".taskmaster/tasks/tasks.json");

            ExecutorService pool = Executors.newFixedThreadPool(2);
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> added = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            AtomicInteger reads = new AtomicInteger();
            Future<?> cliRuns = pool.submit(() -> {
                for (int i = 0; i < adds; i++) {
                    String title = "cli-" + i;
                    for (int attempt = 1; ; attempt++) {
                        NodeProject.Run r = cli("add-task", "--title", title, "--description", "added by the CLI");
                        if (r.exit() == 0) {
                            added.add(title);
                            break;
                        }
                        // The CLI gives up after 5 tries (100-800 ms) on a held lock; that is its limit, not a lost update.
                        if (!r.both().contains("Failed to acquire lock") || attempt == 3) {
                            problems.add(title + ": " + r.both());
                            break;
                        }
                    }
                }
                return null;
            });
            // A reader that never takes the lock: with temp + rename on both sides it must always see whole JSON.
            Future<?> reader = pool.submit(() -> {
                while (running.get()) {
                    try {
                        JSON.readTree(Files.readString(file));
                        reads.incrementAndGet();
                    } catch (Exception e) {
                        problems.add("unparseable read: " + e.getMessage());
                    }
                    Thread.sleep(5);
                }
                return null;
            });
            List<Finding> produced = new ArrayList<>();
            produced.add(finding("public.t0", Finding.Severity.HIGH));
            int syncs = 0;
            while (!cliRuns.isDone()) {
                produced.add(finding("public.t" + produced.size(), Finding.Severity.HIGH));
                store.reconcile("default", "query-analyzer", produced);
                sync.sync("default");
                syncs++;
                Thread.sleep(150);
            }
            running.set(false);
            cliRuns.get();
            reader.get();
            pool.shutdown();
            sync.sync("default");

            assertThat(problems).isEmpty();
            assertThat(added).hasSize(adds);
            assertThat(syncs).isGreaterThan(adds);
            assertThat(reads.get()).isPositive();
            JsonNode tasks = JSON.readTree(Files.readString(file)).path("master").path("tasks");
            List<String> titles = TaskSyncTest.titles(tasks);
            for (String t : added) assertThat(titles).as("CLI task %s", t).containsOnlyOnce(t);
            for (Finding f : produced) assertThat(titles).as("dbwarden task for %s", f.subject()).containsOnlyOnce(f.title());
            Set<String> ids = new HashSet<>();
            tasks.forEach(t -> ids.add(TaskIds.normalise(t.get("id"))));
            assertThat(ids).hasSize(tasks.size());
            assertThat(tasks.size()).isEqualTo(added.size() + produced.size());

            JsonNode list = json(cli("list", "--json"));
            assertThat(list.path("tasks")).hasSize(tasks.size());
        }
    }
}
