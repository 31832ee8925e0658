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
            AccessWatch watch = new AccessWatch(warden.forConnection(null).database(), warden.state(), warden.findings());
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
