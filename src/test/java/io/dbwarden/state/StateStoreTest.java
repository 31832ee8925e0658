package io.dbwarden.state;

import io.dbwarden.TestDatabase;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.CatalogReader;
import io.dbwarden.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateStoreTest {
    @TempDir
    Path project;

    @Test
    void keepsSnapshotsInASqliteFileAcrossReopens() throws Exception {
        Catalog catalog = demoCatalog();
        long id;
        try (StateStore store = StateStore.open(".dbwarden/state.db", project)) {
            id = store.saveSnapshot("default", catalog, "first").id();
            store.saveSnapshot("default", catalog, null);
        }
        assertThat(project.resolve(".dbwarden/state.db")).exists();
        try (StateStore store = StateStore.open(".dbwarden/state.db", project)) {
            assertThat(store.snapshots("default", 10)).hasSize(2);
            assertThat(store.snapshots("default", 10).get(1).label()).isEqualTo("first");
            assertThat(store.snapshot(id)).contains(catalog);
            assertThat(store.snapshots("other", 10)).isEmpty();
        }
    }

    @Test
    void aStoreOneMigrationBehindIsMigratedAndTheLatestVersionMatchesTheFiles() throws Exception {
        for (String dialect : new String[]{"sqlite", "postgresql"}) {
            try (var files = Files.list(Path.of("src/main/resources/io/dbwarden/state/migrations", dialect))) {
                int newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                        .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
                assertThat(newest).as(dialect).isEqualTo(StateStore.LATEST_VERSION);
            }
        }
        Path db = project.resolve(".dbwarden/state.db");
        StateStore.open(".dbwarden/state.db", project).close();
        // As if written by the version before the newest migration: the newest one's table and history row are gone.
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); java.sql.Statement st = c.createStatement()) {
            st.execute("delete from dbwarden_state_history where version = '" + StateStore.LATEST_VERSION + "'");
            st.execute("drop table access_log_position");
            st.execute("drop table access_failure_sample");
        }
        try (StateStore store = StateStore.open(".dbwarden/state.db", project);
             Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("select count(*) from access_log_position")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void aTeamCanShareAPostgresStore() throws Exception {
        String url = TestDatabase.freshDatabase("state");
        Catalog catalog = demoCatalog();
        try (StateStore store = StateStore.open(url, project)) {
            long id = store.saveSnapshot("prod", catalog, null).id();
            assertThat(store.snapshot(id)).contains(catalog);
        }
        try (StateStore again = StateStore.open(url, project)) {
            assertThat(again.snapshots("prod", 5)).hasSize(1);
        }
    }

    @Test
    void anUnusableLocationGetsAClearMessage() throws Exception {
        Files.writeString(project.resolve("blocker"), "a file, not a directory");
        assertThatThrownBy(() -> StateStore.open("blocker/state.db", project))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state");
    }

    private static Catalog demoCatalog() throws Exception {
        try (Connection c = TestDatabase.connect(TestDatabase.demoUrl())) {
            return new CatalogReader().read(c);
        }
    }
}
