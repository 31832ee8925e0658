package io.dbwarden.db;

import io.dbwarden.TestDatabase;
import io.dbwarden.config.Config;
import io.dbwarden.config.ConfigException;
import io.dbwarden.config.ConnectionUrl;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {

    @Test
    void readOnlySessionsCarryTimeoutsAndTheApplicationName() {
        try (Database db = open(TestDatabase.demoUrl(), false)) {
            String settings = db.readOnly(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "select current_setting('transaction_read_only'), current_setting('statement_timeout'), "
                                + "current_setting('lock_timeout'), current_setting('idle_in_transaction_session_timeout'), "
                                + "current_setting('application_name')")) {
                    rs.next();
                    return rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " " + rs.getString(5);
                }
            });
            assertThat(settings).isEqualTo("on 15s 2s 1min dbwarden");
        }
    }

    @Test
    void writesAreRefusedUnlessEnabled() {
        try (Database db = open(TestDatabase.demoUrl(), false)) {
            assertThatThrownBy(() -> db.write(c -> null)).isInstanceOf(ConfigException.class).hasMessageContaining("allow_writes");
            assertThatThrownBy(() -> db.readOnly(c -> c.createStatement().execute("create table x (id int)")))
                    .isInstanceOf(DatabaseException.class).hasMessageContaining("read-only");
        }
    }

    @Test
    void reconnectsByItselfAfterTheServerDropsItsConnections() {
        String url = TestDatabase.freshDatabase("reconnect");
        try (Database db = open(url, false)) {
            int first = db.readOnly(c -> one(c, "select 1"));
            assertThat(first).isEqualTo(1);
            // What a restart does to a pool: every server process behind it goes away.
            TestDatabase.exec(TestDatabase.serverUrl(), "select pg_terminate_backend(pid) from pg_stat_activity "
                    + "where datname = '" + ConnectionUrl.parse(url).database() + "' and application_name = 'dbwarden'");
            int second = db.readOnly(c -> one(c, "select 2"));
            assertThat(second).isEqualTo(2);
        }
    }

    @Test
    void anUnreachableServerGetsOneClearMessage() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Database db = open("postgres://bob:topsecret@127.0.0.1:" + port + "/app", false)) {
            assertThatThrownBy(() -> db.readOnly(c -> one(c, "select 1")))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("refused")
                    .hasMessageNotContaining("topsecret");
        }
    }

    @Test
    void aWrongDatabaseNameOrUserIsNamedInTheMessage() {
        ConnectionUrl server = ConnectionUrl.parse(TestDatabase.serverUrl());
        try (Database db = open(server.withDatabase("no_such_db").toUrlString(), false)) {
            assertThatThrownBy(() -> db.readOnly(c -> one(c, "select 1")))
                    .isInstanceOf(DatabaseException.class).hasMessageContaining("'no_such_db' does not exist");
        }
        String badUser = "postgres://nobody_here:pw12345@" + server.host() + ":" + server.port() + "/postgres";
        try (Database db = open(badUser, false)) {
            assertThatThrownBy(() -> db.readOnly(c -> one(c, "select 1")))
                    .isInstanceOf(DatabaseException.class).hasMessageContaining("nobody_here").hasMessageNotContaining("pw12345");
        }
    }

    @Test
    void aLongStatementIsCancelledWithAnExplanation() {
        Config.Limits quick = new Config.Limits(300, 1000, 60_000, 100, 100_000, 2);
        try (Database db = new Database(new Config.Connection("t", TestDatabase.demoUrl(), null, null), quick, false)) {
            assertThatThrownBy(() -> db.readOnly(c -> one(c, "select count(*) from pg_sleep(5)")))
                    .isInstanceOf(DatabaseException.class).hasMessageContaining("300 ms");
        }
    }

    private static int one(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static Database open(String url, boolean writes) {
        Config config = TestDatabase.config(url, Path.of("."));
        return new Database(config.connection(null), config.limits(), writes);
    }
}
