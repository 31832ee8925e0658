package io.dbwarden;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * An npm project of the repository (e2e/, e2e/codegen/) that tests run with the real Node.js packages it pins. The
 * first test to need one installs it with {@code npm ci}; a lock file newer than the installed tree installs again.
 */
public final class NodeProject {
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(8);
    private final Path dir;

    /** What a command printed and how it ended. */
    public record Run(int exit, String out, String err) {
        public String both() {
            return out + (err.isBlank() ? "" : "\n--- stderr ---\n" + err);
        }
    }

    private NodeProject(Path dir) {
        this.dir = dir;
    }

    /** The project in the given directory of the repository, installed; a package it must contain proves the install. */
    public static synchronized NodeProject installed(String directory, String requiredPackage) throws IOException, InterruptedException {
        Path dir = Path.of(directory).toAbsolutePath();
        String version = version("node");
        Matcher m = Pattern.compile("^v(\\d+)\\.").matcher(version);
        if (!m.find() || Integer.parseInt(m.group(1)) < 18) {
            fail("This test needs Node.js 18 or newer; `node --version` says " + version + ". Install Node.js 18+.");
        }
        Path marker = dir.resolve("node_modules/.package-lock.json");
        boolean current = Files.isRegularFile(marker) && Files.isDirectory(dir.resolve("node_modules").resolve(requiredPackage))
                && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) >= 0;
        if (!current) {
            Run npm = new NodeProject(dir).run(NPM_TIMEOUT, Map.of(), "npm", "ci", "--no-audit", "--no-fund");
            assertThat(npm.exit()).as("`npm ci` in %s failed:\n%s", directory, tail(npm.both())).isZero();
        }
        return new NodeProject(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Runs a command in the project directory; fails the test when it does not end within the timeout. */
    public Run run(Duration timeout, Map<String, String> env, String... command) throws IOException, InterruptedException {
        return exec(dir, timeout, env, List.of(command));
    }

    /** The path of a binary the project installed (node_modules/.bin/NAME). */
    public String bin(String name) {
        return dir.resolve("node_modules/.bin").resolve(name).toString();
    }

    /** Runs a command in another directory (a tool that finds its project from the working directory). */
    public Run runIn(Path workDir, Duration timeout, Map<String, String> env, String... command) throws IOException, InterruptedException {
        return exec(workDir, timeout, env, List.of(command));
    }

    /** Runs a command in any directory (an env value of null removes that variable); fails the test on a timeout. */
    public static Run exec(Path dir, Duration timeout, Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("dbwarden-node", ".out");
        Path err = Files.createTempFile("dbwarden-node", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            env.forEach((k, v) -> {
                if (v == null) pb.environment().remove(k);
                else pb.environment().put(k, v);
            });
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail("`" + String.join(" ", command) + "` did not finish within " + timeout.toSeconds() + " s:\n"
                        + tail(Files.readString(out) + Files.readString(err)));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String version(String tool) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return v;
        } catch (IOException e) {
            fail("This test needs `" + tool + "` on the PATH (" + e.getMessage() + "). Install Node.js 18+ and npm; scripts/test does.");
            return "";
        }
    }

    private static String tail(String s) {
        return s.length() > 6000 ? "…" + s.substring(s.length() - 6000) : s;
    }
}
