package io.dbwarden.codegen;

import io.dbwarden.NodeProject;
import io.dbwarden.TestDatabase;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.CatalogReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the real TypeScript compiler and Node.js on generated files, with the packages of e2e/codegen (typescript,
 * zod, next, supabase-js), installed by {@link NodeProject}.
 */
final class NodeHarness {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path E2E = ROOT.resolve("e2e/codegen");
    static final Path MODULES = E2E.resolve("node_modules");

    record Result(int exit, String output) {
    }

    private NodeHarness() {
    }

    /** Makes sure node and the e2e/codegen packages are there, installing them with npm ci when they are not. */
    static synchronized void requireNode() {
        try {
            NodeProject.installed("e2e/codegen", "@supabase/supabase-js");
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result run(Path dir, List<String> command, Duration timeout) {
        return run(dir, command, timeout, true);
    }

    /** Runs command in dir; output is stdout, followed by stderr only when mergeStderr. */
    static Result run(Path dir, List<String> command, Duration timeout, boolean mergeStderr) {
        try {
            NodeProject.Run r = NodeProject.exec(dir, timeout, Map.of(), command);
            return new Result(r.exit(), mergeStderr ? r.out() + r.err() : r.out());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The TypeScript compiler of e2e/codegen, run in dir. */
    static Result tsc(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("node", MODULES.resolve("typescript/bin/tsc").toString()));
        cmd.addAll(List.of(args));
        return run(dir, cmd, Duration.ofMinutes(5));
    }

    /** A project directory whose node_modules is e2e/codegen's, so that imports of zod, next and supabase-js resolve. */
    static Path project(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path link = dir.resolve("node_modules");
        if (!Files.exists(link)) Files.createSymbolicLink(link, MODULES);
        return dir;
    }

    static void write(Path root, List<GeneratedFile> files) throws IOException {
        for (GeneratedFile f : files) {
            Path p = root.resolve(f.path());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.content());
        }
    }

    /** Copies a failed project to target/codegen-failures/name (without node_modules), so it can be looked at. */
    static Path keep(Path dir, String name) throws IOException {
        Path to = ROOT.resolve("target/codegen-failures").resolve(name);
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.filter(x -> !x.toString().contains("node_modules")).toList()) {
                Path t = to.resolve(dir.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }

    static Catalog catalog(String url) {
        try (Connection c = TestDatabase.connect(url)) {
            return new CatalogReader().read(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** What the real Supabase generator (postgres-meta, via e2e/codegen/reference-types.mjs) prints for the database. */
    static String referenceTypes(String url, String schemas) {
        Result out = run(E2E, List.of("node", "reference-types.mjs", url, schemas, "--one-to-one"), Duration.ofMinutes(5), false);
        if (out.exit() != 0) {
            fail("reference-types.mjs failed:\n" + tail(run(E2E, List.of("node", "reference-types.mjs", url, schemas, "--one-to-one"),
                    Duration.ofMinutes(5), true).output()));
        }
        return out.output();
    }

    static String tail(String s) {
        return s.length() <= 6000 ? s : "…" + s.substring(s.length() - 6000);
    }
}
