package io.dbwarden.codegen;

import io.dbwarden.TestDatabase;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.CatalogReader;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the real TypeScript compiler and Node.js on generated files, with the packages of e2e/codegen (typescript,
 * zod, next, supabase-js). Without node the tests are skipped on a developer machine and fail when CI=true.
 */
final class NodeHarness {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path E2E = ROOT.resolve("e2e/codegen");
    static final Path MODULES = E2E.resolve("node_modules");
    private static final List<String> NEEDED = List.of("typescript", "zod", "next", "@supabase/supabase-js", "@types/node");

    record Result(int exit, String output) {
    }

    private NodeHarness() {
    }

    /** Makes sure node and the e2e/codegen packages are there, installing them with npm ci when they are not. */
    static synchronized void requireNode() {
        Result version;
        try {
            version = run(ROOT, List.of("node", "--version"), Duration.ofSeconds(30));
        } catch (IllegalStateException e) {
            version = new Result(-1, e.getMessage());
        }
        if (version.exit() != 0) {
            if ("true".equals(System.getenv("CI"))) fail("These tests need Node.js 20+ on PATH: " + version.output());
            Assumptions.abort("node is not on PATH: " + version.output());
        }
        if (NEEDED.stream().allMatch(p -> Files.isDirectory(MODULES.resolve(p)))) return;
        Result npm = run(E2E, List.of("npm", "ci", "--no-audit", "--no-fund"), Duration.ofMinutes(8));
        if (npm.exit() != 0) fail("`npm ci` in e2e/codegen failed:\n" + tail(npm.output()));
    }

    static Result run(Path dir, List<String> command, Duration timeout) {
        return run(dir, command, timeout, true);
    }

    /** Runs command in dir; output is stdout, followed by stderr only when mergeStderr (else stderr goes to ours). */
    static Result run(Path dir, List<String> command, Duration timeout, boolean mergeStderr) {
        try {
            Path log = Files.createTempFile("dbwarden-node", ".log");
            try {
                ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(log.toFile());
                if (mergeStderr) b.redirectErrorStream(true);
                else b.redirectError(ProcessBuilder.Redirect.INHERIT);
                Process p = b.start();
                p.getOutputStream().close();
                if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish within " + timeout + ":\n" + tail(Files.readString(log)));
                }
                return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
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
        Result r = run(E2E, List.of("node", "reference-types.mjs", url, schemas, "--one-to-one"), Duration.ofMinutes(5), false);
        if (r.exit() != 0) fail("reference-types.mjs failed (its stderr is in the test output):\n" + tail(r.output()));
        return r.output();
    }

    static String tail(String s) {
        return s.length() <= 6000 ? s : "…" + s.substring(s.length() - 6000);
    }
}
