package io.dbwarden.tasks;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** task_context on the demo database: a task written by a person, in prose, gets the schema and code it touches. */
class TaskContextTest {
    @TempDir
    Path project;

    private void tasks(String json) throws Exception {
        Path file = project.resolve(".taskmaster/tasks/tasks.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTaskInProseGetsItsTablesPoliciesFunctionsTypesRoutesAndValidation() throws Exception {
        tasks("""
                {"master": {"tasks": [
                  {"id": "3", "title": "Let crew leads reassign work orders",
                   "description": "PATCH endpoint so a lead can move a work order to another crew; is_crew_member must still hold.",
                   "details": "Mind the policy \\"crew members can update their crew work orders\\".", "status": "pending",
                   "dependencies": [], "priority": "medium", "subtasks": [
                     {"id": 1, "title": "Audit trail", "description": "write the move to activity_logs", "status": "pending"}]}
                ], "metadata": {}}}""");
        try (Warden warden = new Warden(TestDatabase.config(TestDatabase.demoUrl(), project))) {
            Map<String, Object> c = warden.taskContext(null).of("3", null);
            List<Map<String, String>> matched = (List<Map<String, String>>) c.get("matched");
            List<String> objects = matched.stream().map(m -> m.get("object")).toList();
            assertThat(objects).contains("public.work_orders", "public.crews", "public.is_crew_member", "public.set_updated_at",
                    "public.log_work_order_status_change").doesNotContain("public.activity_logs", "public.equipment");
            List<Map<String, Object>> tables = (List<Map<String, Object>>) c.get("tables");
            Map<String, Object> workOrders = tables.stream().filter(t -> t.get("name").equals("public.work_orders")).findFirst().orElseThrow();
            assertThat((List<Object>) workOrders.get("columns")).isNotEmpty();
            assertThat((List<Map<String, Object>>) c.get("policies")).extracting(p -> p.get("name"))
                    .contains("crew members can update their crew work orders");
            assertThat((List<Map<String, Object>>) c.get("functions")).extracting(f -> f.get("name")).contains("public.is_crew_member");

            Map<String, Object> generated = (Map<String, Object>) c.get("generated");
            Map<String, Object> types = ((List<Map<String, Object>>) generated.get("types")).stream()
                    .filter(t -> t.get("table").equals("public.work_orders")).findFirst().orElseThrow();
            assertThat(((Map<String, String>) types.get("supabase_types")).get("content")).startsWith("      work_orders: {")
                    .contains("Row: {", "Insert: {", "Update: {", "crew_id: number | null").doesNotContain("equipment_assignments: {");
            assertThat(((Map<String, String>) types.get("interfaces")).get("content")).contains("export interface DBWorkOrder {",
                    "export interface DBWorkOrderInsert {").doesNotContain("export interface DBCrewMember {");
            assertThat(((Map<String, String>) types.get("zod")).get("content")).contains("export const workOrderRowSchema", "export const workOrderInsertSchema")
                    .doesNotContain("export const crewRowSchema");
            List<Map<String, String>> routes = (List<Map<String, String>>) generated.get("routes");
            assertThat(routes).extracting(r -> r.get("path")).contains("src/app/api/work_orders/route.ts", "src/app/api/work_orders/[id]/route.ts")
                    .noneMatch(p -> p.contains("equipment"));

            Map<String, Object> validation = (Map<String, Object>) c.get("validation");
            assertThat((List<String>) validation.get("commands")).containsExactly("dbwarden check", "dbwarden drift",
                    "dbwarden generate --check", "dbwarden tasks sync");

            // A subtask adds its own text: activity_logs comes in.
            Map<String, Object> sub = warden.taskContext(null).of("3.1", null);
            assertThat(((List<Map<String, String>>) sub.get("matched")).stream().map(m -> m.get("object")))
                    .contains("public.activity_logs", "public.work_orders");

            assertThatThrownBy(() -> warden.taskContext(null).of("9", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("No task 9 in tag 'master'").hasMessageContaining("ids there: 3");
            assertThatThrownBy(() -> warden.taskContext(null).of("3; drop table x", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("looks like 7 or 7.2");
        }
    }
}
