package io.dbwarden.advise;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.findings.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** check_health on a real server: each threshold crossed by real sessions, and quiet with the defaults. */
class HealthTest {
    @Test
    void readingsPastTheirThresholdsBecomeFindings(@TempDir Path dir) throws Exception {
        String url = TestDatabase.freshDatabase("health");
        TestDatabase.exec(url, "create table churn (id int primary key, v int) with (autovacuum_enabled = false)",
                "insert into churn select g, g from generate_series(1, 5000) g", "delete from churn where id > 1000",
                "create table tidy (id int primary key, v int)", "insert into tidy select g, g from generate_series(1, 5000) g",
                "delete from tidy where id > 1000", "vacuum analyze tidy", "create table locked (id int)");
        Files.writeString(dir.resolve("dbwarden.yaml"), """
                advisors:
                  health:
                    connections_percent: 1
                    long_query_seconds: 1
                    vacuum_age_days: 1
                    forecast_days: 3650
                """);
        try (Connection holder = TestDatabase.connect(url); Connection waiter = TestDatabase.connect(url);
             Connection sleeper = TestDatabase.connect(url); Warden warden = new Warden(TestDatabase.config(url, dir))) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("lock table locked in access exclusive mode");
            CompletableFuture<Void> waits = CompletableFuture.runAsync(() -> query(waiter, "select count(*) from locked"));
            CompletableFuture<Void> sleeps = CompletableFuture.runAsync(() -> query(sleeper, "select pg_sleep(4)"));
            String database = warden.forConnection(null).database().name();
            warden.state().inTransaction(c -> {
                var ps = c.prepareStatement("insert into health_sample values (?, ?, ?, ?, ?)");
                ps.setString(1, database);
                ps.setString(2, Instant.now().minus(Duration.ofDays(2)).toString());
                ps.setLong(3, 1_000_000);
                ps.setInt(4, 0);
                ps.setInt(5, 97);
                return ps.executeUpdate();
            });
            Thread.sleep(2_000);
            Health.Report r = warden.health(null).check();
            holder.rollback();
            waits.get();
            sleeps.get();
            Set<String> got = r.findings().stream().map(f -> f.ruleId() + " " + f.subject()).collect(Collectors.toSet());
            assertThat(got).contains("connections-near-limit " + database, "locks-waiting " + database, "vacuum-overdue public.churn",
                    "connections-forecast " + database);
            assertThat(got).anyMatch(s -> s.startsWith("long-running-query pid "));
            assertThat(got).doesNotContain("vacuum-overdue public.tidy");
            assertThat(r.findings()).allMatch(f -> f.category() == Finding.Category.RESOURCE);
            @SuppressWarnings("unchecked") Map<String, Object> growth = (Map<String, Object>) r.metrics().get("growth");
            assertThat(growth).containsKey("bytes_per_day");
        }
        try (Warden warden = new Warden(TestDatabase.config(url, dir.resolve("defaults")))) {
            Health.Report quiet = warden.health(null).check();
            assertThat(quiet.findings()).extracting(Finding::ruleId)
                    .doesNotContain("connections-near-limit", "locks-waiting", "long-running-query", "connections-forecast");
            assertThat(quiet.metrics()).containsKeys("connections", "size", "vacuum", "bloat", "replication");
        }
    }

    @Test
    void indexBloatAfterMassDeletesButNotOnFreshIndexes(@TempDir Path dir) throws Exception {
        String url = TestDatabase.freshDatabase("index_bloat");
        TestDatabase.exec(url,
                // 200,000 entries, then 90% deleted: plain vacuum empties the index pages but keeps the file
                "create table shrunk (id int primary key, code text)", "create index shrunk_code on shrunk (code)",
                "insert into shrunk select g, 'code-' || g from generate_series(1, 200000) g",
                "delete from shrunk where id % 10 <> 0", "vacuum analyze shrunk",
                // the same rows freshly indexed, and an index built half empty on purpose: no bloat in either
                "create table fresh (id int primary key, code text)",
                "insert into fresh select g, 'code-' || g from generate_series(1, 200000) g",
                "create index fresh_code_sparse on fresh (code) with (fillfactor = 50)", "vacuum analyze fresh");
        Files.writeString(dir.resolve("dbwarden.yaml"), "advisors:\n  index_bloat_min_mb: 1\n  index_bloat_min_percent: 30\n");
        try (Warden warden = new Warden(TestDatabase.config(url, dir))) {
            Health.Report r = warden.health(null).check();
            Set<String> bloated = r.findings().stream().filter(f -> f.ruleId().equals("index-bloat")).map(Finding::subject)
                    .collect(Collectors.toSet());
            assertThat(bloated).containsExactlyInAnyOrder("public.shrunk_pkey", "public.shrunk_code");
            Finding pkey = r.findings().stream().filter(f -> f.subject().equals("public.shrunk_pkey")).findFirst().orElseThrow();
            assertThat(pkey.evidence().path("wasted_percent").asDouble()).isBetween(80.0, 95.0);
            assertThat(pkey.remediation()).isEqualTo("reindex index concurrently public.shrunk_pkey;");
        }
        Files.writeString(dir.resolve("dbwarden.yaml"), "advisors:\n  index_bloat_min_mb: 1\n  index_bloat_min_percent: 95\n");
        try (Warden warden = new Warden(TestDatabase.config(url, dir))) {
            assertThat(warden.health(null).check().findings()).extracting(Finding::ruleId).doesNotContain("index-bloat");
        }
    }

    @Test
    void diskForecastFromStoredSizeSamplesOnlyWithADiskSize(@TempDir Path dir) throws Exception {
        String url = TestDatabase.freshDatabase("disk_forecast");
        long size;
        try (Connection c = TestDatabase.connect(url); var rs = c.createStatement().executeQuery("select pg_database_size(current_database())")) {
            rs.next();
            size = rs.getLong(1);
        }
        long mib = 1024 * 1024;
        Files.writeString(dir.resolve("dbwarden.yaml"), "advisors:\n  health:\n    disk_size_gb: 1\n    forecast_days: 3650\n");
        try (Warden warden = new Warden(TestDatabase.config(url, dir))) {
            String database = warden.forConnection(null).database().name();
            // ten days of samples on a straight line of 0.5 MiB a day, ending at today's real size
            for (int day = 10; day >= 1; day--) insertSample(warden, database, Instant.now().minus(Duration.ofDays(day)), size - day * mib / 2);
            Health.Report r = warden.health(null).check();
            Finding disk = r.findings().stream().filter(f -> f.ruleId().equals("disk-forecast")).findFirst().orElseThrow();
            long expected = (1024 * mib - size) / (mib / 2);
            assertThat(disk.evidence().path("days_until_full").asLong()).isBetween(expected - 5, expected + 5);
            assertThat(disk.severity()).isEqualTo(Finding.Severity.MEDIUM);
            @SuppressWarnings("unchecked") Map<String, Object> growth = (Map<String, Object>) r.metrics().get("growth");
            assertThat(((Number) growth.get("bytes_per_day")).doubleValue()).isCloseTo(mib / 2.0, org.assertj.core.data.Percentage.withPercentage(2));
        }
        Files.writeString(dir.resolve("dbwarden.yaml"), "advisors:\n  health:\n    disk_size_gb: 1\n    forecast_days: 1000\n");
        try (Warden warden = new Warden(TestDatabase.config(url, dir))) {
            Health.Report r = warden.health(null).check();
            assertThat(r.findings()).extracting(Finding::ruleId).as("beyond forecast_days").doesNotContain("disk-forecast");
            @SuppressWarnings("unchecked") Map<String, Object> growth = (Map<String, Object>) r.metrics().get("growth");
            assertThat(growth.get("disk")).asString().contains("days_until_full");
        }
        Files.writeString(dir.resolve("dbwarden.yaml"), "advisors:\n  health:\n    forecast_days: 3650\n");
        try (Warden warden = new Warden(TestDatabase.config(url, dir))) {
            Health.Report r = warden.health(null).check();
            assertThat(r.findings()).extracting(Finding::ruleId).as("no disk size configured").doesNotContain("disk-forecast");
            @SuppressWarnings("unchecked") Map<String, Object> growth = (Map<String, Object>) r.metrics().get("growth");
            assertThat(growth.get("disk")).asString().contains("advisors.health.disk_size_gb", "not visible from SQL");
        }
    }

    @Test
    void theSizeTrendIsALeastSquaresFitNotTheEndpoints() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        // 100 a day, then a jump of 1,000 in the last reading: the fit says 300 a day, the endpoints alone 350
        var samples = java.util.List.of(new Health.Sample(t0, 0, 0), new Health.Sample(t0.plus(Duration.ofDays(1)), 100, 0),
                new Health.Sample(t0.plus(Duration.ofDays(2)), 200, 0), new Health.Sample(t0.plus(Duration.ofDays(3)), 300, 0));
        assertThat(Health.bytesPerDay(samples, new Health.Sample(t0.plus(Duration.ofDays(4)), 1_400, 0))).isCloseTo(300.0,
                org.assertj.core.data.Offset.offset(0.001));
        assertThat(Health.bytesPerDay(samples.subList(0, 1), new Health.Sample(t0, 50, 0))).as("one instant, no slope").isZero();
    }

    private static void insertSample(Warden warden, String database, Instant at, long bytes) {
        warden.state().inTransaction(c -> {
            var ps = c.prepareStatement("insert into health_sample values (?, ?, ?, ?, ?)");
            ps.setString(1, database);
            ps.setString(2, at.toString());
            ps.setLong(3, bytes);
            ps.setInt(4, 1);
            ps.setInt(5, 97);
            return ps.executeUpdate();
        });
    }

    private static void query(Connection c, String sql) {
        try {
            c.createStatement().execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
