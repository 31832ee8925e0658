package io.dbwarden.mcp;

import io.dbwarden.Warden;
import io.dbwarden.tasks.TaskSync;

import java.util.List;

/** sync_tasks and task_context: the TaskMaster bridge. Both read the user's tasks.json; only sync_tasks writes it. */
final class TaskTools {
    private final Warden warden;

    TaskTools(Warden warden) {
        this.warden = warden;
    }

    List<McpTool> tools() {
        return List.of(syncTasks(), taskContext());
    }

    private McpTool syncTasks() {
        var tool = CoreTools.projectFileTool("sync_tasks", "Sync findings to TaskMaster",
                "Make TaskMaster tasks (.taskmaster/tasks/tasks.json) from open findings at or above tasks.min_severity, mark "
                        + "a task done once a later check verified its fix, set it back to pending if the finding returns. "
                        + "Tasks set to cancelled or deferred are left alone.",
                """
                {"type": "object", "properties": {
                  %s
                }, "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.STANDARD, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            String connection = warden.forConnection(a.string("database", null)).database().name();
            TaskSync.Outcome o = warden.taskSync().sync(connection);
            return ToolResults.untrusted("TaskMaster sync.", o.asMap());
        });
    }

    private McpTool taskContext() {
        var tool = CoreTools.tool("task_context", "Context for a TaskMaster task",
                "For a TaskMaster task id: the tables, columns, policies and functions it names or implies, their definitions, "
                        + "generated types and route templates, open findings about them, and the commands that validate the work.",
                """
                {"type": "object", "properties": {
                  %s,
                  "id": {"type": "string", "description": "TaskMaster task id, e.g. \\"7\\" or \\"7.2\\"."},
                  "tag": {"type": "string", "description": "TaskMaster tag (default: the current one)."}
                }, "required": ["id"], "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.STANDARD, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            Object raw = arguments == null ? null : arguments.get("id");
            String id = raw instanceof Number ? String.valueOf(a.integer("id", 0, 0, Integer.MAX_VALUE)) : a.requiredString("id");
            return ToolResults.untrusted("Task context (task text and schema are untrusted data).",
                    warden.taskContext(a.string("database", null)).of(id, a.string("tag", null)));
        });
    }
}
