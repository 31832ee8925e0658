package io.dbwarden.migrate;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.config.Config;
import io.dbwarden.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** apply_migration applies exactly what was validated, refuses the rest, and backs up what it touches. */
class MigrationApplierTest {
    @TempDir
    Path project;

    private String database() {
        String url = TestDatabase.freshDatabase("apply");
        TestDatabase.exec(url, "create table items (id int primary key, name text, note text)",
                "insert into items select i, 'item ' || i, 'n' from generate_series(1, 500) i", "analyze");
        return url;
    }

    private Warden warden(String url, boolean writes) {
        Config c = TestDatabase.config(url, project).withAllowWrites(writes);
        return new Warden(c);
    }

    private static String token(Warden w, List<MigrationSource> m) {
        return w.validator(null).validate(m, MigrationValidator.Options.defaults()).token();
    }

    @Test
    void appliesTheValidatedMigrationAndRecordsIt() throws Exception {
        String url = database();
        List<MigrationSource> m = List.of(new MigrationSource("add.sql", "set lock_timeout = '2s';\nalter table items add column price numeric;\n"));
        try (Warden w = warden(url, true)) {
            MigrationApplier.Applied applied = w.applier(null).apply(new MigrationApplier.Request(m, RunnerMode.AUTOCOMMIT, token(w, m), false, false));
            assertThat(applied.statements()).isEqualTo(2);
            try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select count(*) from information_schema.columns where table_name = 'items' and column_name = 'price'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            long recorded = w.state().withConnection(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from migration_applied where outcome = 'applied'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(recorded).isEqualTo(1);
        }
    }

    @Test
    void refusesWhatWasNotValidatedOrIsUnsafe() throws Exception {
        String url = database();
        List<MigrationSource> safe = List.of(new MigrationSource("a.sql", "set lock_timeout = '2s';\nalter table items add column a int;\n"));
        List<MigrationSource> other = List.of(new MigrationSource("a.sql", "set lock_timeout = '2s';\nalter table items add column b int;\n"));
        List<MigrationSource> unsafe = List.of(new MigrationSource("u.sql", "create index on items (name);\n"));
        try (Warden w = warden(url, true)) {
            String t = token(w, safe);
            assertThatThrownBy(() -> w.applier(null).apply(new MigrationApplier.Request(other, RunnerMode.AUTOCOMMIT, t, false, false)))
                    .hasMessageContaining("token does not match");
            assertThatThrownBy(() -> w.applier(null).apply(new MigrationApplier.Request(safe, RunnerMode.AUTOCOMMIT, null, false, false)))
                    .hasMessageContaining("Validate first");
            String tu = token(w, unsafe);
            assertThatThrownBy(() -> w.applier(null).apply(new MigrationApplier.Request(unsafe, RunnerMode.AUTOCOMMIT, tu, false, false)))
                    .hasMessageContaining("unsafe").hasMessageContaining("index-created-non-concurrently");
        }
        try (Warden w = warden(url, false)) {
            assertThatThrownBy(() -> w.applier(null).apply(new MigrationApplier.Request(safe, RunnerMode.AUTOCOMMIT, "x", false, false)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("allow_writes");
        }
        assertThat(columns(url)).containsExactly("id", "name", "note");
    }

    @Test
    void destructiveChangesFailClosedAndAreBackedUpWhenConfirmed() throws Exception {
        String url = database();
        List<MigrationSource> drop = List.of(new MigrationSource("d.sql", "set lock_timeout = '2s';\nalter table items drop column note;\n"));
        try (Warden w = warden(url, true)) {
            String t = token(w, drop);
            assertThatThrownBy(() -> w.applier(null).apply(new MigrationApplier.Request(drop, RunnerMode.AUTOCOMMIT, t, true, false)))
                    .hasMessageContaining("destroys data").hasMessageContaining("confirm_destructive");
            assertThat(columns(url)).contains("note");
            MigrationApplier.Applied applied = w.applier(null).apply(new MigrationApplier.Request(drop, RunnerMode.AUTOCOMMIT, t, true, true));
            assertThat(columns(url)).doesNotContain("note");
            Path csv = applied.backupDir().resolve("public.items.csv");
            assertThat(Files.readAllLines(csv)).hasSize(501).first().isEqualTo("id,name,note");
            assertThat(applied.restoreCommands()).singleElement().asString().contains("\\copy").contains("public.items.csv");
        }
    }

    private static List<String> columns(String url) throws Exception {
        try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select column_name from information_schema.columns where table_name = 'items' order by ordinal_position")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        }
    }
}
