package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.CatalogJson;
import io.dbwarden.config.Config;
import io.dbwarden.state.StateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dbwarden snapshot}: saves the current schema in the state store, or as canonical JSON in a file. */
@Command(name = "snapshot", description = "Save a snapshot of the schema (state store, or --out FILE).")
final class SnapshotCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Option(names = "--out", paramLabel = "FILE", description = "Write the snapshot as canonical JSON to FILE instead.")
    Path out;
    @Option(names = "--label", description = "A label to remember this snapshot by.")
    String label;

    @Override
    public Integer call() throws IOException {
        Config config = common.config();
        try (Warden warden = new Warden(config)) {
            long t0 = System.nanoTime();
            Catalog catalog = warden.forConnection(null).catalog().current();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("database", catalog.database());
            result.put("tables", catalog.tables().size());
            result.put("views", catalog.views().size());
            result.put("functions", catalog.functions().size());
            result.put("read_ms", ms);
            if (out != null) {
                Path target = config.projectRoot().resolve(out).normalize();
                Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
                if (target.getParent() != null) Files.createDirectories(target.getParent());
                Files.writeString(tmp, CatalogJson.write(catalog) + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                result.put("file", out.toString());
            } else {
                StateStore.SnapshotInfo info = warden.state().saveSnapshot(Config.DEFAULT_CONNECTION, catalog, label);
                result.put("id", info.id());
                result.put("sha256", info.sha256());
            }
            if (common.json) {
                Render.json(System.out, result);
            } else {
                System.out.printf("Snapshot of %s: %d tables, %d views, %d functions (read in %d ms) saved to %s%n",
                        catalog.database(), catalog.tables().size(), catalog.views().size(), catalog.functions().size(), ms,
                        out != null ? out : "the state store as #" + result.get("id"));
            }
            return 0;
        }
    }
}
