package io.dbwarden.monitor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TypesFileTest {

    @Test
    void readsTheGeneratedFileOfTheFixture() throws IOException {
        TypesFile types = TypesFile.read(CodeScannerTest.fixture().resolve("src/types/database.ts"));
        // __InternalSupabase is not a schema.
        assertThat(types.schemas()).containsOnlyKeys("public");
        TypesFile.Schema pub = types.schemas().get("public");
        assertThat(pub.tables()).containsOnlyKeys("activity_logs", "crew_members", "crews", "equipment", "equipment_assignments",
                "projects", "users", "work_orders");
        assertThat(pub.views()).containsOnlyKeys("open_work_orders");
        assertThat(pub.views().get("open_work_orders").view()).isTrue();

        TypesFile.Relation users = pub.tables().get("users");
        assertThat(users.columns()).containsExactly(
                entry("avatar_url", "string | null"), entry("created_at", "string"), entry("email", "string"),
                entry("full_name", "string"), entry("id", "string"), entry("is_active", "boolean"),
                entry("phone", "string | null"), entry("updated_at", "string"));
        assertThat(users.nullable("phone")).isTrue();
        assertThat(users.nullable("email")).isFalse();

        assertThat(pub.tables().get("crew_members").columns()).containsEntry("role", "Database[\"public\"][\"Enums\"][\"crew_role\"]");
        assertThat(pub.tables().get("equipment").columns()).containsEntry("tags", "string[]");
        assertThat(pub.tables().get("activity_logs").columns()).containsEntry("payload", "Json");
        assertThat(pub.views().get("open_work_orders").columns())
                .containsEntry("status", "Database[\"public\"][\"Enums\"][\"work_order_status\"] | null");

        assertThat(pub.functions()).containsOnlyKeys("crew_workload", "get_crew_utilization", "is_crew_member");
        assertThat(pub.functions().get("get_crew_utilization")).containsExactly(List.of("p_crew_id", "p_days"));
        assertThat(pub.functions().get("is_crew_member")).containsExactly(List.of("p_crew_id"));

        assertThat(pub.enums().get("crew_role")).containsExactly("lead", "technician", "apprentice", "driver");
        // The multi-line union prettier writes.
        assertThat(pub.enums().get("work_order_status"))
                .containsExactly("open", "scheduled", "in_progress", "on_hold", "completed", "cancelled");
    }

    @Test
    void toleratesHandWrittenFormatting() {
        TypesFile types = TypesFile.parse("""
                /* eslint-disable */
                export interface Database {
                  "public": {
                    Tables: {
                      // comment between members
                      "line items": {
                        Row: { "order id": number; qty: number, note?: string | null; readonly sku: string, };
                        Insert: { qty?: number };
                      };
                      plain: { Row: {
                        id: number /* trailing comment */
                        label:
                          | string
                          | null
                        tags: Array<string>
                        meta: { [key: string]: Json | undefined } | null
                      } }
                    };
                    Views: { [_ in never]: never };
                    Functions: {
                      no_args_old: { Args: Record<PropertyKey, never>; Returns: undefined };
                      no_args_new: { Args: never; Returns: number };
                      overloaded:
                        | { Args: { a: number }; Returns: string }
                        | { Args: { b: string; c?: boolean }; Returns: string };
                      union_args: { Args: { x: number } | { y: number }; Returns: Json };
                    };
                    Enums: { mood: 'sad' | 'ok' | "happy", };
                    CompositeTypes: { pair: { left: number | null; right: number | null } };
                  };
                  other_schema: { Tables: { t: { Row: { id: string } } }, Views: {}, Functions: {}, Enums: {} },
                }
                """);
        assertThat(types.schemas()).containsOnlyKeys("public", "other_schema");
        TypesFile.Schema pub = types.schemas().get("public");
        assertThat(pub.tables().get("line items").columns()).containsExactly(
                entry("order id", "number"), entry("qty", "number"), entry("note", "string | null"), entry("sku", "string"));
        assertThat(pub.tables().get("plain").columns()).containsExactly(
                entry("id", "number"), entry("label", "string | null"), entry("tags", "Array<string>"),
                entry("meta", "{...} | null"));
        assertThat(pub.tables().get("plain").nullable("label")).isTrue();
        assertThat(pub.views()).isEmpty();
        assertThat(pub.functions().get("no_args_old")).containsExactly(List.of());
        assertThat(pub.functions().get("no_args_new")).containsExactly(List.of());
        assertThat(pub.functions().get("overloaded")).containsExactly(List.of("a"), List.of("b", "c"));
        assertThat(pub.functions().get("union_args")).containsExactly(List.of("x"), List.of("y"));
        assertThat(pub.enums().get("mood")).containsExactly("sad", "ok", "happy");
        assertThat(types.schemas().get("other_schema").tables().get("t").columns()).containsExactly(entry("id", "string"));
    }

    @Test
    void aFileWithoutADatabaseTypeIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> TypesFile.parse("export type Json = string | number\nexport const x = 1\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Database")
                .hasMessageContaining("supabase gen types typescript");
    }

    @Test
    void truncatedFilesDoNotThrow() {
        String full = """
                export type Database = {
                  public: {
                    Tables: {
                      users: { Row: { id: string; email: string } }
                    }
                  }
                }
                """;
        for (int cut = full.indexOf('{') + 1; cut < full.length(); cut += 7) {
            TypesFile.parse(full.substring(0, cut));
        }
        assertThat(TypesFile.parse(full).schemas().get("public").tables().get("users").columns()).containsOnlyKeys("id", "email");
    }

    private static java.util.Map.Entry<String, String> entry(String k, String v) {
        return java.util.Map.entry(k, v);
    }
}
