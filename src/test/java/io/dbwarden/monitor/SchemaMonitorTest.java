package io.dbwarden.monitor;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.config.Config;
import io.dbwarden.config.ConnectionUrl;
import io.dbwarden.demo.EmbeddedServer;
import io.dbwarden.findings.FindingQuery;
import io.dbwarden.findings.StoredFinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema monitor against a real PostgreSQL: event-trigger capture, replay after restarts, and polling. */
class SchemaMonitorTest {
    @TempDir
    Path project;

    private Config config(String url, boolean writes, int pollMs) {
        Config c = TestDatabase.config(url, project).withAllowWrites(writes);
        Config.Monitor m = c.monitor();
        return c.withMonitor(new Config.Monitor(true, List.of(), pollMs, m.codeGlobs(), m.typesFile(), null, null, "medium"));
    }

    /** Waits for a check whose result passes the test. */
    private static SchemaMonitor.CheckResult await(BlockingQueue<SchemaMonitor.CheckResult> results,
                                                   Predicate<SchemaMonitor.CheckResult> test) throws InterruptedException {
        return await(results, test, "a matching check");
    }

    private static SchemaMonitor.CheckResult await(BlockingQueue<SchemaMonitor.CheckResult> results,
                                                   Predicate<SchemaMonitor.CheckResult> test, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            SchemaMonitor.CheckResult r = results.poll(200, TimeUnit.MILLISECONDS);
            if (r != null && test.test(r)) return r;
        }
        throw new AssertionError("no check within 20 s showed " + what);
    }

    @Test
    void capturesDdlOfEveryKindAndKeepsFindingsCurrent() throws Exception {
        String url = TestDatabase.freshDatabase("monitor");
        TestDatabase.exec(url, "create table users (id int primary key, email text, phone text)");
        try (Warden warden = new Warden(config(url, true, 60_000))) {
            ChangeCapture.install(warden.forConnection(null).database(), null);
            SchemaMonitor monitor = warden.monitor(null);
            BlockingQueue<SchemaMonitor.CheckResult> results = new LinkedBlockingQueue<>();
            monitor.addListener(results::add);
            monitor.start();
            await(results, r -> true);
            assertThat(monitor.captureMode()).isEqualTo("event-trigger");

            List<String> ddl = List.of(
                    "create schema app",
                    "create table app.crews (id int primary key, name text)",
                    "alter table users add column crew_id int references app.crews (id)",
                    "create index users_crew on users (crew_id)",
                    "alter table users alter column email set not null",
                    "alter table users rename column phone to mobile",
                    "create view active_users as select id, email from users",
                    "create materialized view crew_sizes as select crew_id, count(*) from users group by 1",
                    "create type mood as enum ('ok', 'bad')",
                    "alter type mood add value 'great'",
                    "create domain email_address as text check (value like '%@%')",
                    "create sequence invoice_no",
                    "create function crew_count() returns bigint language sql stable as 'select count(*) from app.crews'",
                    "create or replace function touch() returns trigger language plpgsql as 'begin return new; end'",
                    "create trigger users_touch before update on users for each row execute function touch()",
                    "alter table users enable row level security",
                    "create policy own_row on users using (id = 1)",
                    "grant select on users to public",
                    "comment on table users is 'people'",
                    "alter table users drop column mobile",
                    "drop view active_users",
                    "drop table app.crews cascade");
            List<String> tags = new ArrayList<>();
            for (String statement : ddl) {
                // A statement can wake the monitor twice (ddl_command_end and sql_drop); only fresh results count.
                results.clear();
                TestDatabase.exec(url, statement);
                SchemaMonitor.CheckResult r = await(results, x -> !x.events().isEmpty() && !x.changes().isEmpty(),
                        "typed changes for: " + statement);
                r.events().forEach(e -> tags.add(e.commandTag()));
            }
            assertThat(tags).contains("CREATE SCHEMA", "CREATE TABLE", "ALTER TABLE", "CREATE INDEX", "CREATE VIEW",
                    "CREATE MATERIALIZED VIEW", "CREATE TYPE", "ALTER TYPE", "CREATE DOMAIN", "CREATE SEQUENCE", "CREATE FUNCTION",
                    "CREATE TRIGGER", "CREATE POLICY", "GRANT", "COMMENT", "DROP VIEW", "DROP TABLE");

            // Against the baseline (the schema when monitoring began): phone is gone, so that is a high finding.
            List<StoredFinding> open = warden.findings().query(FindingQuery.open("default"));
            assertThat(open).anyMatch(f -> f.finding().title().equals("Column public.users.phone was dropped")
                    && f.finding().severity().id().equals("high"));
            // Row-level security switched on is a table change, not a security regression.
            assertThat(open).anyMatch(f -> f.finding().title().startsWith("Table public.users changed")
                    && f.finding().category().id().equals("schema-drift"));

            // Restoring the column resolves its finding; accepting the schema resolves the rest.
            TestDatabase.exec(url, "alter table users add column phone text");
            await(results, x -> !x.events().isEmpty());
            assertThat(warden.findings().query(FindingQuery.open("default")))
                    .noneMatch(f -> f.finding().title().equals("Column public.users.phone was dropped"));
            monitor.accept();
            assertThat(warden.findings().query(FindingQuery.open("default"))).isEmpty();
        }
    }

    @Test
    void capturedEventsOlderThanThirtyDaysArePrunedAsNewOnesArrive() throws Exception {
        String url = TestDatabase.freshDatabase("capture_prune");
        try (Warden warden = new Warden(config(url, true, 60_000))) {
            ChangeCapture.install(warden.forConnection(null).database(), null);
        }
        TestDatabase.exec(url, "insert into dbwarden.ddl_event (occurred_at, event, command_tag)"
                + " select now() - interval '40 days', 'ddl_command_end', 'CREATE TABLE' from generate_series(1, 150)");
        for (int i = 0; i < 60; i++) TestDatabase.exec(url, "create table prune_" + i + " (id int)");
        try (var c = TestDatabase.connect(url); var st = c.createStatement();
             var rs = st.executeQuery("select count(*) filter (where occurred_at < now() - interval '30 days'),"
                     + " count(*) filter (where occurred_at >= now() - interval '1 day') from dbwarden.ddl_event")) {
            rs.next();
            assertThat(rs.getLong(1)).as("events older than 30 days").isZero();
            assertThat(rs.getLong(2)).as("this run's events").isEqualTo(60);
        }
    }

    @Test
    void nothingIsLostWhileTheMonitorAndTheDatabaseRestart() throws Exception {
        Path data = project.resolve("pgdata");
        EmbeddedServer pg = EmbeddedServer.start(EmbeddedServer.BUNDLED_MAJOR, 0, data);
        int port = pg.port();
        String url = pg.url("postgres");
        try {
            TestDatabase.exec(url, "create table orders (id int primary key)");
            try (Warden warden = new Warden(config(url, true, 60_000))) {
                ChangeCapture.install(warden.forConnection(null).database(), null);
                BlockingQueue<SchemaMonitor.CheckResult> results = new LinkedBlockingQueue<>();
                SchemaMonitor monitor = warden.monitor(null);
                monitor.addListener(results::add);
                monitor.start();
                await(results, r -> true);
                TestDatabase.exec(url, "alter table orders add column a int");
                await(results, r -> !r.events().isEmpty());
            }
            // dbwarden is down: changes happen, then the database itself restarts.
            TestDatabase.exec(url, "alter table orders add column b int");
            TestDatabase.exec(url, "create index orders_b on orders (b)");
            TestDatabase.exec(url, "alter table orders drop column a");
            pg.close();
            pg = EmbeddedServer.start(EmbeddedServer.BUNDLED_MAJOR, port, data);

            try (Warden warden = new Warden(config(url, true, 60_000))) {
                BlockingQueue<SchemaMonitor.CheckResult> results = new LinkedBlockingQueue<>();
                SchemaMonitor monitor = warden.monitor(null);
                monitor.addListener(results::add);
                monitor.start();
                SchemaMonitor.CheckResult replay = await(results, r -> !r.events().isEmpty());
                assertThat(replay.events()).extracting(DdlEvent::commandTag)
                        .containsExactly("ALTER TABLE", "CREATE INDEX", "ALTER TABLE", "ALTER TABLE");
                assertThat(replay.changes()).extracting(c -> c.toString().lines().findFirst().orElse(""))
                        .contains("added column public.orders.b", "dropped column public.orders.a", "added index orders_b on public.orders");
            }
        } finally {
            pg.close();
        }
    }

    @Test
    void withoutEventTriggerPermissionItPollsTheFingerprint() throws Exception {
        String url = TestDatabase.freshDatabase("polling");
        String role = "dbw_plain_" + ProcessHandle.current().pid();
        TestDatabase.exec(url, "create table t (id int)", "create role " + role + " login", "grant select on t to " + role);
        String roleUrl = ConnectionUrl.parse(url).toUrlString().replaceFirst("://[^@]*@", "://" + role + "@");
        try (Warden warden = new Warden(config(roleUrl, false, 300))) {
            SchemaMonitor monitor = warden.monitor(null);
            BlockingQueue<SchemaMonitor.CheckResult> results = new LinkedBlockingQueue<>();
            monitor.addListener(results::add);
            monitor.start();
            await(results, r -> true);
            assertThat(monitor.captureMode()).isEqualTo("polling");
            TestDatabase.exec(url, "alter table t add column name text");
            SchemaMonitor.CheckResult r = await(results, x -> !x.changes().isEmpty());
            assertThat(r.changes().get(0).subject()).isEqualTo("public.t.name");
        }
    }
}
