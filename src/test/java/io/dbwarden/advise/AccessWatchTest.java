package io.dbwarden.advise;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The access watch on real sessions and real pg_stat_statements counts. */
class AccessWatchTest {
    @Test
    void newRolesAndSpikesOnSensitiveTablesAfterTheBaseline(@TempDir Path dir) throws Exception {
        String url = TestDatabase.freshDatabase("access");
        String role = "dbw_watch_" + ProcessHandle.current().pid();
        TestDatabase.exec(url, "create extension if not exists pg_stat_statements",
                "create table accounts (id int primary key, password text)", "create table notes (id int primary key, body text)",
                "do $$ begin if not exists (select 1 from pg_roles where rolname = '" + role + "') then create role " + role
                        + " login; end if; end $$",
                "grant select on accounts, notes to " + role);
        String asRole = url.replaceFirst("://[^@/]+@", "://" + role + "@");
        try (Warden warden = new Warden(TestDatabase.config(url, dir))) {
            AccessWatch watch = new AccessWatch(warden.forConnection(null).database(), warden.state(), warden.findings(),
                    warden.config().advisors().access());
            assertThat(watch.check().findings()).as("the first sample is the baseline").isEmpty();
            try (Connection c = TestDatabase.connect(asRole); Statement st = c.createStatement()) {
                st.execute("select count(*) from notes");
                assertThat(watch.check().findings()).extracting(f -> f.ruleId() + " " + f.subject()).contains("new-role-seen " + role);
                st.execute("select count(*) from accounts");
                watch.check(); // three samples of this role: a baseline rate to compare with
                for (int i = 0; i < 150; i++) st.execute("select password from accounts where id = " + i);
                for (int i = 0; i < 150; i++) st.execute("select body from notes where id = " + i);
                st.execute("select pg_stat_force_next_flush()");
                Set<String> got = watch.check().findings().stream().map(f -> f.ruleId() + " " + f.subject()).collect(Collectors.toSet());
                assertThat(got).contains("sensitive-access-spike " + role).doesNotContain("new-role-seen " + role);
            }
        } finally {
            TestDatabase.exec(url, "revoke all on accounts, notes from " + role);
        }
    }

    @Test
    void spikeThresholdsComeFromTheConfiguration() {
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        // 10 calls a minute for an hour, then 400 in ten minutes: 40 a minute, four times the earlier rate
        var samples = java.util.List.of(new AccessWatch.Sample(t0, 0), new AccessWatch.Sample(t0.plusSeconds(3600), 600));
        java.time.Instant now = t0.plusSeconds(4200);
        AccessWatch.Spike spike = AccessWatch.spike(samples, 1000, now, new io.dbwarden.config.Config.Access(3, 100, 20));
        assertThat(spike).isNotNull();
        assertThat(spike.calls()).isEqualTo(400);
        assertThat(spike.perMinuteNow()).isEqualTo(40.0);
        assertThat(spike.perMinuteBefore()).isEqualTo(10.0);
        assertThat(AccessWatch.spike(samples, 1000, now, new io.dbwarden.config.Config.Access(5, 100, 20))).as("factor 5").isNull();
        assertThat(AccessWatch.spike(samples, 1000, now, new io.dbwarden.config.Config.Access(3, 401, 20))).as("min calls 401").isNull();
        assertThat(AccessWatch.spike(samples, 1000, now, new io.dbwarden.config.Config.Access(4, 400, 20))).as("exactly at both").isNotNull();
        assertThat(AccessWatch.spike(samples, 300, now, new io.dbwarden.config.Config.Access(1, 1, 20))).as("statistics reset").isNull();
        assertThat(AccessWatch.spike(samples.subList(0, 1), 1000, now, new io.dbwarden.config.Config.Access(1, 1, 20))).as("no history").isNull();
    }

    @Test
    void sensitiveTablesAreRecognisedOnTokensNotText() {
        Set<String> qualified = Set.of("auth.users", "public.accounts");
        Set<String> bare = Set.of("accounts");
        assertThat(AccessWatch.namesSensitive("select * from auth.users", qualified, bare)).isTrue();
        assertThat(AccessWatch.namesSensitive("select * from public.accounts a", qualified, bare)).isTrue();
        assertThat(AccessWatch.namesSensitive("select 'auth.users, accounts' from notes", qualified, bare)).isFalse();
        assertThat(AccessWatch.namesSensitive("select * from app.users", qualified, bare)).isFalse();
        assertThat(AccessWatch.namesSensitive("select * from other.accounts", qualified, bare)).isFalse();
        assertThat(AccessWatch.namesSensitive("select $$ unterminated", qualified, bare)).isFalse();
    }
}
