// Drives `dbwarden demo` as a separate process with the official TypeScript MCP SDK client from npm
// (e2e/mcp-client.mjs), over stdio and over Streamable HTTP, the way Claude Desktop or Cursor would.
// Needs Node.js 18+ and npm; NodeProject installs e2e/node_modules with `npm ci` when they are missing.
package io.dbwarden.mcp;

import io.dbwarden.NodeProject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class TypeScriptClientTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path E2E = ROOT.resolve("e2e");
    private static final String SCRIPT = "e2e/mcp-client.mjs";
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The script gives up by itself after 120 s; the margin covers its gentle shutdown of a stdio server.
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration SERVER_START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);
    private static final Pattern BANNER = Pattern.compile("dbwarden is serving MCP at (http://127\\.0\\.0\\.1:\\d+/mcp)");
    private static final Pattern PG_READY = Pattern.compile("ready on port (\\d+)");
    // A line like "10 failed" also contains "0 failed", so the summary line is matched whole.
    private static final Pattern ALL_PASSED = Pattern.compile("(?m)^\\d+ passed, 0 failed$");

    @TempDir
    Path tmp;

    @BeforeAll
    static void installClient() throws Exception {
        NodeProject.installed("e2e", "@modelcontextprotocol/sdk");
    }

    @Test
    void officialTypeScriptClientOverStdio() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Path out = tmp.resolve("client.out");
        Path err = tmp.resolve("client.err"); // the server's stderr too: the script lets its child inherit it
        List<String> command = List.of("node", SCRIPT, "stdio", JAVA, "-cp", System.getProperty("java.class.path"),
                "io.dbwarden.cli.Main", "demo", "--stdio", "--project", project.toString());
        long t0 = System.nanoTime();
        Process client = start(command, out, err);
        Set<ProcessHandle> seen = new LinkedHashSet<>();
        int exit;
        try {
            exit = waitWatching(client, CLIENT_TIMEOUT, seen);
        } finally {
            client.destroyForcibly();
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        List<String> leftovers = cleanUp(seen, err);
        report("stdio", millis, out);
        assertPassed(exit, out, err);
        assertThat(leftovers).as("processes still running %s after the client closed the stdio server", SHUTDOWN_GRACE)
                .isEmpty();
    }

    @Test
    void officialTypeScriptClientOverStreamableHttp() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Path serverOut = tmp.resolve("server.out");
        Path serverErr = tmp.resolve("server.err");
        int port = freePort();
        long t0 = System.nanoTime();
        Process server = start(List.of(JAVA, "-cp", System.getProperty("java.class.path"), "io.dbwarden.cli.Main", "demo",
                "--port", String.valueOf(port), "--project", project.toString()), serverOut, serverErr);
        Set<ProcessHandle> seen = new LinkedHashSet<>();
        List<String> leftovers;
        Path out = tmp.resolve("client.out");
        Path err = tmp.resolve("client.err");
        int exit;
        long startedMillis;
        long clientMillis;
        try {
            String url = awaitBanner(server, serverOut, serverErr, seen);
            startedMillis = (System.nanoTime() - t0) / 1_000_000;
            long t1 = System.nanoTime();
            Process client = start(List.of("node", SCRIPT, "http", url), out, err);
            try {
                exit = waitWatching(client, CLIENT_TIMEOUT, new LinkedHashSet<>());
            } finally {
                client.destroyForcibly();
            }
            clientMillis = (System.nanoTime() - t1) / 1_000_000;
        } finally {
            seen.addAll(server.descendants().toList());
            // A normal destroy is SIGTERM: the demo's shutdown hook then stops its embedded PostgreSQL.
            server.destroy();
            if (!server.waitFor(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS)) server.destroyForcibly();
        }
        leftovers = cleanUp(seen, serverErr);
        report("http (server start " + startedMillis + " ms)", clientMillis, out);
        String serverStderr = tail(serverErr, 4000);
        assertThat(exit).as("client exit code; client output:\n%s\nclient stderr:\n%s\nserver stderr (tail):\n%s",
                read(out), tail(err, 4000), serverStderr).isZero();
        assertThat(read(out)).as("client output; server stderr (tail):\n%s", serverStderr).containsPattern(ALL_PASSED);
        assertThat(leftovers).as("processes still running %s after the demo server was stopped", SHUTDOWN_GRACE).isEmpty();
    }

    /** Starts a process in the project root with its output in files, so a chatty child can never block on a pipe. */
    private static Process start(List<String> command, Path out, Path err) throws IOException {
        Process p = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    /**
     * Waits for a process to end, noting its descendants as it goes: once it has exited, its orphaned children are no
     * longer its descendants, and a leaked JVM or PostgreSQL must still be found and stopped.
     */
    private static int waitWatching(Process p, Duration timeout, Set<ProcessHandle> seen) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!p.waitFor(250, TimeUnit.MILLISECONDS)) {
            seen.addAll(p.descendants().toList());
            if (System.nanoTime() > deadline) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                if (!p.waitFor(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS)) p.destroyForcibly();
                return -1;
            }
        }
        return p.exitValue();
    }

    private static String awaitBanner(Process server, Path out, Path err, Set<ProcessHandle> seen) throws Exception {
        long deadline = System.nanoTime() + SERVER_START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = BANNER.matcher(read(out));
            if (m.find()) return m.group(1);
            seen.addAll(server.descendants().toList());
            if (server.waitFor(250, TimeUnit.MILLISECONDS)) {
                fail("dbwarden demo exited with " + server.exitValue() + " before serving MCP; stdout:\n" + read(out)
                        + "\nstderr (tail):\n" + tail(err, 4000));
            }
        }
        return fail("dbwarden demo printed no \"dbwarden is serving MCP at\" banner within " + SERVER_START_TIMEOUT.toSeconds()
                + " s; stdout:\n" + read(out) + "\nstderr (tail):\n" + tail(err, 4000));
    }

    /**
     * Stops whatever outlived its parent: the processes seen while it ran, and the demo's postmaster, which pg_ctl
     * detaches so that it is never a descendant of the JVM; it is found by the port the demo reported. Each gets the
     * grace period to go by itself before it is killed. Returns what had to be killed.
     */
    private static List<String> cleanUp(Set<ProcessHandle> seen, Path serverErr) throws IOException {
        Set<ProcessHandle> suspects = new LinkedHashSet<>(seen);
        Matcher m = PG_READY.matcher(read(serverErr));
        if (m.find()) {
            String port = m.group(1);
            ProcessHandle.allProcesses().filter(h -> isPostmasterOn(h, port)).forEach(suspects::add);
        }
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        while (suspects.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<String> killed = new ArrayList<>();
        for (ProcessHandle h : suspects) {
            if (!h.isAlive()) continue;
            killed.add(h.pid() + " " + h.info().commandLine().orElse(h.info().command().orElse("?")));
            h.destroyForcibly();
        }
        return killed;
    }

    private static boolean isPostmasterOn(ProcessHandle h, String port) {
        ProcessHandle.Info info = h.info();
        if (!info.command().map(c -> c.endsWith("/postgres")).orElse(false)) return false;
        List<String> args = List.of(info.arguments().orElse(new String[0]));
        int i = args.indexOf("-p");
        return i >= 0 && i + 1 < args.size() && args.get(i + 1).equals(port);
    }

    private static void assertPassed(int exit, Path out, Path err) throws IOException {
        String stderr = tail(err, 4000);
        assertThat(exit).as("client exit code (-1: timed out); client output:\n%s\nstderr (client and server, tail):\n%s",
                read(out), stderr).isZero();
        assertThat(read(out)).as("client output; stderr (client and server, tail):\n%s", stderr).containsPattern(ALL_PASSED);
    }

    /** Surefire keeps this in target/surefire-reports, which is where the per-check lines are wanted. */
    private static void report(String what, long millis, Path out) throws IOException {
        System.out.printf("TypeScript MCP client over %s: %d ms%n%s%n", what, millis, read(out));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String read(Path file) throws IOException {
        // Lenient decoding: a half-written multi-byte character at the end of a live log must not throw.
        return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    }

    private static String tail(Path file, int chars) throws IOException {
        String s = read(file);
        return s.length() <= chars ? s : "…" + s.substring(s.length() - chars);
    }
}
