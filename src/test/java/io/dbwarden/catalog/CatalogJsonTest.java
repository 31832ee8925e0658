package io.dbwarden.catalog;

import io.dbwarden.TestDatabase;
import io.dbwarden.config.Config;
import io.dbwarden.db.Database;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogJsonTest {

    @Test
    void snapshotsRoundTripAndAreCanonical() {
        Catalog c;
        try (Database db = new Database(new Config.Connection("t", TestDatabase.demoUrl(), null, null), CatalogReaderTest.limits(), false)) {
            c = new CatalogReader().read(db);
            String json = CatalogJson.write(c);
            Catalog back = CatalogJson.read(json);
            assertThat(back).isEqualTo(c);
            assertThat(CatalogJson.write(back)).isEqualTo(json);
            // A second read of an unchanged database gives the same bytes.
            assertThat(CatalogJson.write(new CatalogReader().read(db))).isEqualTo(json);
        }
    }

    @Test
    void rejectsFilesThatAreNotSnapshots() {
        assertThatThrownBy(() -> CatalogJson.read("{not json")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> CatalogJson.read("{\"x\": 1}")).hasMessageContaining("not a dbwarden snapshot");
        assertThatThrownBy(() -> CatalogJson.read("{\"format\": 99, \"catalog\": {}}")).hasMessageContaining("Upgrade dbwarden");
    }
}
