package io.dbwarden.migrate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the embedded shadow keeps its data, and what is cleaned up there; the shadow runs themselves are tested end to end. */
class ShadowDatabasesTest {
    @TempDir
    Path tmp;

    @Test
    void theShadowGoesToTheRamFileSystemPerProjectAndAbandonedOnesAreRemoved() throws IOException {
        Path ram = Files.createDirectories(tmp.resolve("ram"));
        Path gone = Files.createDirectories(tmp.resolve("gone/.dbwarden"));
        Path kept = Files.createDirectories(tmp.resolve("kept/.dbwarden"));
        Path goneData = ShadowDatabases.dataDirectory(gone.resolve("shadow-pg17"), ram);
        Path keptData = ShadowDatabases.dataDirectory(kept.resolve("shadow-pg17"), ram);
        assertThat(goneData).startsWithRaw(ram).isNotEqualTo(keptData);
        assertThat(goneData.getFileName().toString()).isEqualTo("shadow-pg17");
        assertThat(ShadowDatabases.dataDirectory(kept.resolve("shadow-pg17"), ram)).isEqualTo(keptData);
        Files.createDirectories(goneData.resolve("base"));
        Files.createDirectories(keptData.resolve("base"));

        Files.walk(tmp.resolve("gone")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        ShadowDatabases.dataDirectory(kept.resolve("shadow-pg17"), ram);
        assertThat(goneData.getParent()).doesNotExist();
        assertThat(keptData.resolve("base")).exists();
    }

    @Test
    void withoutARamFileSystemTheShadowStaysInTheProject() {
        Path project = tmp.resolve("p/.dbwarden/shadow-pg17");
        assertThat(ShadowDatabases.dataDirectory(project, tmp.resolve("no-such-dir"))).isEqualTo(project);
    }
}
