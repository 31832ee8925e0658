package io.dbwarden.db;

import io.dbwarden.TestDatabase;
import io.dbwarden.catalog.CatalogJson;
import io.dbwarden.catalog.CatalogReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every escape attempt in the corpus goes through execute_sql's runner as a superuser, the worst case, where only
 * the guard and the READ ONLY transaction stand in the way. None may change the catalog, the data, a sequence,
 * a setting, a lock or a file, and each must be refused with a message.
 */
class EscapeCorpusTest {
    private static String url;

    @BeforeAll
    static void setUp() {
        url = TestDatabase.freshDatabase("escape");
        TestDatabase.exec(url,
                "create table users (id int primary key, email text)",
                "insert into users select i, 'u' || i || '@example.com' from generate_series(1, 100) i",
                "create sequence some_seq",
                "create table audit (id int)");
    }

    @Test
    void noAttemptChangesAnything() throws Exception {
        List<String[]> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(40);
        String before = state();
        Path marker = Path.of("/tmp/dbwarden-escape-x");
        Files.deleteIfExists(marker);
        List<String> allowed = new ArrayList<>();
        try (Database db = DatabaseTest.open(url, false)) {
            SqlRunner runner = new SqlRunner(db);
            for (String[] attempt : corpus) {
                try {
                    runner.execute(attempt[1], 10);
                    allowed.add(attempt[0]);
                } catch (IllegalArgumentException | DatabaseException refused) {
                    assertThat(refused.getMessage()).as(attempt[0]).isNotBlank();
                }
            }
        }
        assertThat(allowed).as("attempts that were not refused").isEmpty();
        assertThat(state()).isEqualTo(before);
        assertThat(marker).doesNotExist();
    }

    /**
     * The second layer alone: every attempt sent raw, with no guard and no READ ONLY transaction of ours, as the
     * role that dbwarden install creates. Statements may run, but none may change what the first test checks.
     */
    @Test
    void theReadOnlyRoleHoldsEvenWithoutTheGuard() throws Exception {
        String role = "dbw_ro_" + ProcessHandle.current().pid();
        String database = io.dbwarden.config.ConnectionUrl.parse(url).database();
        String script = SqlResource.load(Database.class, "read_only_role.sql").replace("{{role}}", role)
                .replace("{{database}}", database).replace(":'ro_password'", "'not-used-with-trust-auth'")
                + "\n" + SqlResource.load(Database.class, "read_only_role_schema.sql").replace("{{role}}", role)
                .replace("{{schema}}", "public");
        TestDatabase.exec(url, script);
        String roleUrl = io.dbwarden.config.ConnectionUrl.parse(url).toUrlString().replaceFirst("://[^@]*@", "://" + role + "@");
        String before = state();
        for (String[] attempt : corpus()) {
            try (Connection c = TestDatabase.connect(roleUrl); Statement st = c.createStatement()) {
                st.execute("set statement_timeout = '1s'");
                st.execute(attempt[1]);
            } catch (java.sql.SQLException expected) {
                // most attempts fail on privileges; what matters is the state afterwards
            }
        }
        assertThat(state()).isEqualTo(before);
    }

    /** The catalog, the rows, the sequence, the server settings dbwarden relies on, and locks held by anyone. */
    private static String state() throws Exception {
        try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement()) {
            // Statistics are left out: autovacuum may analyze the table between the two reads.
            StringBuilder b = new StringBuilder(CatalogJson.write(new CatalogReader().read(c).withoutStatistics()));
            for (String q : List.of("select count(*), sum(id), string_agg(email, ',' order by id) from users",
                    "select count(*) from audit",
                    "select last_value, is_called from some_seq",
                    "select current_setting('default_transaction_read_only')",
                    "select count(*) from pg_locks where locktype = 'advisory'",
                    "select count(*) from pg_largeobject_metadata",
                    "select count(*) from pg_prepared_xacts",
                    "select count(*) from pg_roles")) {
                try (ResultSet rs = st.executeQuery(q)) {
                    rs.next();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) b.append('|').append(rs.getString(i));
                }
            }
            return b.toString();
        }
    }

    /** Entries are separated by a line of four dashes; each starts with "-- what it tries". */
    static List<String[]> corpus() throws IOException {
        try (InputStream in = EscapeCorpusTest.class.getResourceAsStream("escape-corpus.txt")) {
            assertThat(in).as("escape-corpus.txt").isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String[]> out = new ArrayList<>();
            for (String entry : text.split("(?m)^----\\s*$")) {
                String e = entry.strip();
                if (e.isEmpty()) continue;
                String title = e.lines().findFirst().orElse("").replaceFirst("^--\\s*", "");
                out.add(new String[]{title, e});
            }
            return out;
        }
    }
}
