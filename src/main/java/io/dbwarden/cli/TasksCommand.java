package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.tasks.TaskSync;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dbwarden tasks sync} and {@code dbwarden tasks context <id>}: the CLI twins of sync_tasks and task_context. */
@Command(name = "tasks", description = "TaskMaster AI: turn findings into tasks, close verified ones, and give a task its schema context.",
        subcommands = {TasksCommand.Sync.class, TasksCommand.Context.class})
final class TasksCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "sync", description = "Create tasks for open findings, close verified ones, reopen returning ones (.taskmaster/tasks/tasks.json).")
    static final class Sync implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            try (Warden warden = new Warden(common.config())) {
                TaskSync.Outcome o = warden.taskSync().sync(warden.forConnection(null).database().name());
                if (common.json) {
                    Render.json(System.out, o.asMap());
                    return 0;
                }
                System.out.println("TaskMaster " + o.file() + ", tag " + o.tag() + ": " + o.count("created") + " created, "
                        + o.count("closed") + " closed, " + o.count("reopened") + " reopened, " + o.count("left")
                        + " left alone (cancelled or deferred)" + (o.written() ? "." : "; nothing to write."));
                List<List<Object>> rows = new ArrayList<>();
                for (TaskSync.Change c : o.changes()) {
                    if (c.action().equals("done-but-open")) continue;
                    rows.add(List.of(c.taskId(), c.action(), c.title()));
                }
                if (!rows.isEmpty()) Render.table(System.out, List.of("task", "action", "title"), rows);
                o.notes().forEach(n -> System.out.println("note: " + n));
                return 0;
            }
        }
    }

    @Command(name = "context", description = "Schema, generated code, findings and validation commands for one TaskMaster task.")
    static final class Context implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Parameters(paramLabel = "ID", description = "TaskMaster task id, e.g. 7 or 7.2.")
        String id;
        @Option(names = "--tag", description = "TaskMaster tag (default: the current one).")
        String tag;

        @Override
        public Integer call() {
            try (Warden warden = new Warden(common.config())) {
                Map<String, Object> context = warden.taskContext(null).of(id, tag);
                if (common.json) Render.json(System.out, context);
                else print(context);
                return 0;
            }
        }

        /** Sections a person reads top to bottom: what matched, definitions, generated code, findings, what to run. */
        @SuppressWarnings("unchecked")
        private static void print(Map<String, Object> c) {
            Map<String, Object> task = (Map<String, Object>) c.get("task");
            System.out.println("Task " + task.get("id") + " [" + task.get("tag") + ", " + task.get("status") + "]: " + task.get("title"));
            System.out.println();
            System.out.println("Objects it names or implies:");
            List<Map<String, String>> matched = (List<Map<String, String>>) c.get("matched");
            if (matched.isEmpty()) System.out.println("  (none found in the live schema)");
            matched.forEach(m -> System.out.println("  " + m.get("object") + " (" + m.get("kind") + "): " + m.get("why")));
            for (String section : List.of("tables", "views", "functions")) {
                for (Map<String, Object> d : (List<Map<String, Object>>) c.get(section)) {
                    System.out.println();
                    System.out.println("== " + d.get("kind") + " " + d.get("name"));
                    Map<String, Object> rest = new java.util.LinkedHashMap<>(d);
                    rest.remove("kind");
                    rest.remove("name");
                    Render.tree(System.out, rest, "  ");
                }
            }
            Map<String, Object> generated = (Map<String, Object>) c.get("generated");
            System.out.println();
            System.out.println("Generated code:");
            if (generated.containsKey("note")) System.out.println("  " + generated.get("note"));
            for (Map<String, Object> t : (List<Map<String, Object>>) generated.getOrDefault("types", List.of())) {
                for (String kind : List.of("supabase_types", "interfaces", "zod")) {
                    Map<String, Object> snippet = (Map<String, Object>) t.get(kind);
                    if (snippet == null) continue;
                    System.out.println("--- " + snippet.get("path") + " (" + t.get("table") + ", " + kind + ")");
                    System.out.println(snippet.get("content"));
                }
            }
            for (Map<String, Object> r : (List<Map<String, Object>>) generated.getOrDefault("routes", List.of())) {
                System.out.println("--- " + r.get("path"));
                System.out.println(r.get("content"));
            }
            if (generated.containsKey("regenerate")) System.out.println("Write them with: " + generated.get("regenerate"));
            System.out.println();
            List<Map<String, Object>> findings = (List<Map<String, Object>>) c.get("open_findings");
            System.out.println("Open findings about these objects: " + (findings.isEmpty() ? "none" : ""));
            findings.forEach(f -> System.out.println("  " + f.get("severity") + " " + f.get("rule") + " " + f.get("subject") + ": " + f.get("title")));
            Map<String, Object> v = (Map<String, Object>) c.get("validation");
            System.out.println();
            System.out.println("Validate before closing (" + v.get("why") + "):");
            ((List<String>) v.get("commands")).forEach(cmd -> System.out.println("  " + cmd));
        }
    }
}
