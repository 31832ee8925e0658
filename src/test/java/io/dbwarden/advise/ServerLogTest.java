package io.dbwarden.advise;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.config.Config;
import io.dbwarden.findings.Finding;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Failed-permission spikes read from a real server's CSV log. The server is started for this class only, with the
 * logging collector writing csvlog; the shared test server writes no such log, which is the other case.
 */
class ServerLogTest {
    private static final String HOSTILE_TABLE = "evil, \"quoted\"\npassword=hunter2 table";
    private static EmbeddedPostgres server;
    private static String url;

    @BeforeAll
    static void startServerWithCsvLog() throws Exception {
        server = startWithLog("csvlog");
        url = watchedDatabase(server);
    }

    /** A server of the bundled major whose logging collector writes the given format, for this class only. */
    private static EmbeddedPostgres startWithLog(String format) throws Exception {
        return EmbeddedPostgres.builder()
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_destination", format)
                .setServerConfig("fsync", "off")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(Redirect.DISCARD)
                .setErrorRedirector(Redirect.DISCARD)
                .start();
    }

    /** Creates the watched database and its roles and tables; returns its URL for the superuser. */
    private static String watchedDatabase(EmbeddedPostgres on) {
        TestDatabase.exec("postgres://postgres@localhost:" + on.getPort() + "/postgres", "create database watched");
        String url = "postgres://postgres@localhost:" + on.getPort() + "/watched";
        TestDatabase.exec(url, "create role dbw_prober login", "create role dbw_quiet login", "create role dbw_reader login",
                "create table secret_table (id int)", "create table \"" + HOSTILE_TABLE.replace("\"", "\"\"") + "\" (id int)",
                "create table open_table (id int)", "grant select on open_table to dbw_quiet, dbw_reader");
        return url;
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void countsFailuresPerRoleAndFlagsOnlyTheSpike(@TempDir Path dir) throws Exception {
        try (Warden warden = new Warden(TestDatabase.config(url, dir))) {
            AccessWatch watch = new AccessWatch(warden.forConnection(null).database(), warden.state(), warden.findings(),
                    warden.config().advisors().access());
            fail(url, "dbw_prober", "select * from secret_table", 4); // before the first read: not counted
            flushLog(url, "csvlog");
            AccessWatch.Report first = watch.check();
            assertThat(first.notes()).anyMatch(n -> n.contains("first read of the server log (csvlog)"));
            assertThat(first.permissionFailures()).isEmpty();
            assertThat(first.findings()).noneMatch(f -> f.ruleId().equals("permission-failure-spike"));

            fail(url, "dbw_quiet", "select * from secret_table", 1);
            flushLog(url, "csvlog");
            AccessWatch.Report second = watch.check();
            assertThat(second.permissionFailures()).containsExactlyEntriesOf(java.util.Map.of("dbw_quiet", 1L));

            fail(url, "dbw_prober", "select * from \"" + HOSTILE_TABLE.replace("\"", "\"\"") + "\"", 5);
            rotate(url); // the five are at the end of the previous file, the rest in the new one
            fail(url, "dbw_prober", "select * from secret_table", 30);
            fail(url, "dbw_quiet", "select * from secret_table", 3);
            try (Connection c = TestDatabase.connect(url.replace("postgres@", "dbw_reader@")); Statement st = c.createStatement()) {
                for (int i = 0; i < 50; i++) st.execute("select count(*) from open_table");
            }
            assertThatThrownBy(() -> TestDatabase.connect(url.replace("postgres@", "dbw_ghost@")).close()).isInstanceOf(SQLException.class);
            flushLog(url, "csvlog");
            AccessWatch.Report third = watch.check();
            assertThat(third.permissionFailures()).as("every row counted once, the hostile ones too")
                    .containsEntry("dbw_prober", 35L).containsEntry("dbw_quiet", 3L).containsEntry("dbw_ghost", 1L)
                    .doesNotContainKey("dbw_reader").doesNotContainKey("postgres");
            List<Finding> spikes = third.findings().stream().filter(f -> f.ruleId().equals("permission-failure-spike")).toList();
            assertThat(spikes).extracting(Finding::subject).containsExactly("dbw_prober");
            Finding spike = spikes.get(0);
            assertThat(spike.category()).isEqualTo(Finding.Category.SECURITY);
            assertThat(spike.evidence().path("failures_since_last_sample").asLong()).isEqualTo(35);
            assertThat(spike.evidence().path("by_sqlstate").path("42501").asLong()).isEqualTo(35);
            String sample = spike.evidence().path("sample_message").asText();
            assertThat(sample).isEqualTo("permission denied for table evil, \"quoted\" password=*** table");
            assertThat(spike.detail()).contains("35 × 42501 insufficient_privilege").doesNotContain("hunter2").doesNotContain("\n");
            assertThat(third.notes()).noneMatch(n -> n.contains("rotated") || n.contains("skipped"));

            AccessWatch.Report fourth = watch.check();
            assertThat(fourth.permissionFailures()).as("nothing new since the last read").isEmpty();
            assertThat(fourth.findings()).noneMatch(f -> f.ruleId().equals("permission-failure-spike"));
        }
    }

    @Test
    void readsAJsonLogToo(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres json = startWithLog("jsonlog")) {
            String db = watchedDatabase(json);
            try (Warden warden = new Warden(TestDatabase.config(db, dir))) {
                AccessWatch watch = new AccessWatch(warden.forConnection(null).database(), warden.state(), warden.findings(),
                        warden.config().advisors().access());
                assertThat(watch.check().notes()).anyMatch(n -> n.contains("first read of the server log (jsonlog)"));
                fail(db, "dbw_quiet", "select * from \"" + HOSTILE_TABLE.replace("\"", "\"\"") + "\"", 2);
                fail(db, "dbw_prober", "select * from secret_table", 21);
                flushLog(db, "jsonlog");
                AccessWatch.Report report = watch.check();
                assertThat(report.permissionFailures()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("dbw_quiet", 2L, "dbw_prober", 21L));
                assertThat(report.findings()).as("no earlier read to compare with yet").noneMatch(f -> f.ruleId().equals("permission-failure-spike"));
            }
        }
    }

    @Test
    void saysWhatToGrantWhenTheRoleMayNotReadTheLogAndThatTheGrantIsEnough(@TempDir Path dir) {
        String asReader = url.replace("postgres@", "dbw_reader@");
        try (Warden warden = new Warden(TestDatabase.config(asReader, dir))) {
            AccessWatch.Report report = new AccessWatch(warden.forConnection(null).database(), warden.state(), warden.findings(),
                    warden.config().advisors().access()).check();
            assertThat(report.notes()).contains("Failed-permission and failed-login attempts are not watched: role dbw_reader may not read "
                    + "the server log. To watch them, as a superuser run: grant execute on function pg_current_logfile(text), "
                    + "pg_stat_file(text, boolean), pg_read_binary_file(text, bigint, bigint, boolean) to dbw_reader.");
            assertThat(report.permissionFailures()).isEmpty();
            TestDatabase.exec(url, "create role supabase_admin"); // how a Supabase project is recognised
            try {
                AccessWatch.Report onSupabase = new AccessWatch(warden.forConnection(null).database(), warden.state(), warden.findings(),
                        warden.config().advisors().access()).check();
                assertThat(onSupabase.notes()).contains("Failed-permission and failed-login attempts are not watched: on Supabase the server "
                        + "log is not readable from SQL; look for SQLSTATE 42501 and 28P01 in the dashboard's Log Explorer (Postgres logs) instead.");
            } finally {
                TestDatabase.exec(url, "drop role supabase_admin");
            }
            String grant = "execute on function pg_current_logfile(text), pg_stat_file(text, boolean), "
                    + "pg_read_binary_file(text, bigint, bigint, boolean)";
            TestDatabase.exec(url, "grant " + grant + " to dbw_reader"); // what the note asks for is enough
            try {
                AccessWatch.Report granted = new AccessWatch(warden.forConnection(null).database(), warden.state(), warden.findings(),
                        warden.config().advisors().access()).check();
                assertThat(granted.notes()).anyMatch(n -> n.contains("first read of the server log (csvlog)"))
                        .noneMatch(n -> n.contains("not watched: role"));
            } finally {
                TestDatabase.exec(url, "revoke " + grant + " from dbw_reader");
            }
        }
    }

    @Test
    void saysWhyWhenTheServerWritesNoCsvLog(@TempDir Path dir) {
        String plain = TestDatabase.freshDatabase("nolog");
        try (Warden warden = new Warden(TestDatabase.config(plain, dir))) {
            AccessWatch.Report report = new AccessWatch(warden.forConnection(null).database(), warden.state(), warden.findings(),
                    warden.config().advisors().access()).check();
            assertThat(report.notes()).contains("Failed-permission and failed-login attempts are not watched: the server writes no CSV or "
                    + "JSON log (log_destination = 'stderr', logging_collector = off). To watch them, set log_destination = 'stderr,csvlog' "
                    + "(or jsonlog) and logging_collector = on (the latter needs a restart).");
            assertThat(report.findings()).isEmpty();
        }
    }

    @Test
    void csvRecordsKeepQuotedNewlinesAndLeaveACutRecordForLater() {
        String text = "a,\"b, \"\"c\"\"\nd\",é\n\"x\",,\n\"cut off\nhere";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        CsvRecords.Parsed parsed = CsvRecords.parse(bytes, bytes.length);
        assertThat(parsed.records()).containsExactly(List.of("a", "b, \"c\"\nd", "é"), List.of("x", "", ""));
        assertThat(new String(bytes, 0, parsed.consumed(), StandardCharsets.UTF_8)).isEqualTo("a,\"b, \"\"c\"\"\nd\",é\n\"x\",,\n");
    }

    @Test
    void clientAddressesKeepTheirIpv6ColonsInBothFormats() {
        List<ServerLog.Failure> out = new ArrayList<>();
        String csv = "2026-11-26 12:00:00.000 UTC,\"probe\",\"app\",1,\"::1:54321\",x,1,\"SELECT\",2026-11-26 12:00:00 UTC,3/1,0,"
                + "ERROR,42501,\"permission denied for table t\",,,,,,,,,\"psql\",client backend,,0\n";
        ServerLog.fromCsv(csv.getBytes(StandardCharsets.UTF_8), "app", out);
        String json = "{\"user\":\"probe\",\"dbname\":\"app\",\"remote_host\":\"2001:db8::1234\",\"remote_port\":5432,"
                + "\"state_code\":\"42501\",\"message\":\"permission denied for table t\"}\n";
        ServerLog.fromJson(json.getBytes(StandardCharsets.UTF_8), "app", out);
        assertThat(out).extracting(ServerLog.Failure::address).containsExactly("::1", "2001:db8::1234");
    }

    @Test
    void afterASkipReadingResumesAtARecordStart() {
        String csv = "2026-11-26 12:00:00.000 UTC,\"a\",\"app\",1,\"[local]\",x,1,,,,0,ERROR,42501,\"denied \"\"q\"\"\nsecond line\",,,\n"
                + "2026-11-26 12:00:01.000 UTC,\"b\",\"app\",1,\"[local]\",x,1,,,,0,ERROR,42501,\"half a rec";
        int at = ServerLog.lastRecordStart(csv.getBytes(StandardCharsets.UTF_8), "csvlog");
        assertThat(csv.substring(at)).startsWith("2026-11-26 12:00:01.000 UTC,\"b\"");
        String json = "{\"user\":\"a\"}\n{\"user\":\"b\",\"message\":\"x\"}\n{\"user\":\"c\",\"mess";
        assertThat(json.substring(ServerLog.lastRecordStart(json.getBytes(StandardCharsets.UTF_8), "jsonlog"))).startsWith("{\"user\":\"c\"");
        assertThat(ServerLog.lastRecordStart("no record start here".getBytes(StandardCharsets.UTF_8), "csvlog")).isEqualTo(-1);
    }

    @Test
    void aRoleThatNeverFailedHasAnEarlierRateOfZero() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Instant t1 = t0.plusSeconds(600);
        Instant now = t1.plusSeconds(600);
        Config.Access min20 = new Config.Access(3, 20, 20);
        List<AccessWatch.Sample> never = AccessWatch.failureHistory(List.of(), t0, t1);
        assertThat(never).containsExactly(new AccessWatch.Sample(t0, 0), new AccessWatch.Sample(t1, 0));
        assertThat(AccessWatch.spike(never, 20, now, min20)).as("20 failures from nothing").isNotNull();
        assertThat(AccessWatch.spike(never, 19, now, min20)).as("below the minimum").isNull();
        // a role that failed 30 times in the first ten minutes: 30 more in the next ten is its usual rate, not a spike
        List<AccessWatch.Sample> steady = AccessWatch.failureHistory(List.of(new AccessWatch.Sample(t1, 30)), t0, t1);
        assertThat(steady).containsExactly(new AccessWatch.Sample(t0, 0), new AccessWatch.Sample(t1, 30));
        assertThat(AccessWatch.spike(steady, 60, now, min20)).isNull();
        assertThat(AccessWatch.spike(steady, 120, now, min20)).as("three times its rate").isNotNull();
        // failures only in an early read carry forward to the last read
        List<AccessWatch.Sample> earlier = AccessWatch.failureHistory(List.of(new AccessWatch.Sample(t0, 5)), t0, t1);
        assertThat(earlier).containsExactly(new AccessWatch.Sample(t0, 5), new AccessWatch.Sample(t1, 5));
    }

    @Test
    void untrustedMessagesAreOneShortRedactedLine() {
        assertThat(AccessWatch.untrusted("a\nb\r\n\tpassword=secret1 c")).isEqualTo("a b password=*** c");
        assertThat(AccessWatch.untrusted("x".repeat(500))).hasSize(200).endsWith("…");
    }

    /** Rotates the log and waits until the server names a new current file. */
    private static void rotate(String url) throws Exception {
        try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement()) {
            String before = current(st);
            Thread.sleep(1100); // log file names carry the second; a rotation within the same second reuses the name
            st.execute("select pg_rotate_logfile()");
            for (int i = 0; i < 200 && current(st).equals(before); i++) Thread.sleep(50);
            assertThat(current(st)).as("the log rotated").isNotEqualTo(before);
        }
    }

    private static String current(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("select pg_current_logfile('csvlog')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Runs sql as role times times, each failing; one session, so its log lines are in order. */
    private static void fail(String url, String role, String sql, int times) throws SQLException {
        try (Connection c = TestDatabase.connect(url.replace("postgres@", role + "@")); Statement st = c.createStatement()) {
            for (int i = 0; i < times; i++) {
                assertThatThrownBy(() -> st.execute(sql)).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            }
        }
    }

    /**
     * Waits until the logging collector has written everything logged so far: a marker logged now comes after it in
     * the collector's pipe, so once the marker is in the file, so is the rest.
     */
    private static void flushLog(String url, String format) throws Exception {
        String marker = "dbw-flush-" + System.nanoTime();
        try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement()) {
            st.execute("do $$ begin raise log '" + marker + "'; end $$");
            for (int i = 0; i < 200; i++) {
                try (ResultSet rs = st.executeQuery("select pg_read_file(pg_current_logfile('" + format + "'))")) {
                    rs.next();
                    if (rs.getString(1).contains(marker)) return;
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the " + format + " never showed " + marker);
    }
}
