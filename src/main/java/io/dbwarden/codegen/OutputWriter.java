package io.dbwarden.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes generated files under the project root, or checks that the committed ones are current. A path must stay
 * inside the root: absolute paths, '..' that leaves it, and symbolic links that point out of it are refused before
 * anything is written. Each file is written to a temporary sibling and moved into place, so a reader never sees half
 * a file and an interrupted run leaves the old one.
 */
public final class OutputWriter {
    /** What happened to one file: written (new or changed), unchanged, or stale (check mode: missing or different). */
    public record Outcome(String path, String status, int bytes) {
    }

    private final Path root;

    public OutputWriter(Path projectRoot) {
        this.root = projectRoot.toAbsolutePath().normalize();
    }

    /** The file's location, or a clear error when the path is not a plain relative path inside the project. */
    public Path resolve(String relative) {
        if (relative == null || relative.isBlank()) throw new IllegalArgumentException("An output path is empty. Give a path relative to the project root.");
        if (relative.indexOf('\0') >= 0) throw new IllegalArgumentException("The output path contains a NUL character.");
        if (relative.length() > 1024) throw new IllegalArgumentException("The output path is longer than 1024 characters.");
        Path p;
        try {
            p = Path.of(relative);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("'" + clip(relative) + "' is not a valid path: " + e.getReason() + ".");
        }
        Path target = root.resolve(p).normalize();
        if (p.isAbsolute() || !target.startsWith(root) || target.equals(root)) {
            throw new IllegalArgumentException("The output path '" + clip(relative) + "' leaves the project root. Give a path inside "
                    + "the project, such as src/types/database.ts.");
        }
        // A symbolic link on the way (or the file itself) must not lead out of the project either.
        Path existing = target;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        if (existing != null) {
            try {
                Path real = existing.toRealPath();
                if (!real.startsWith(root.toRealPath())) {
                    throw new IllegalArgumentException("The output path '" + clip(relative) + "' goes through a symbolic link that leaves "
                            + "the project root. Write to a path inside the project.");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot resolve " + clip(relative) + ": " + e.getMessage(), e);
            }
        }
        return target;
    }

    /** Writes the files that changed; every path is checked before the first write. */
    public List<Outcome> write(List<GeneratedFile> files) {
        List<Path> targets = files.stream().map(f -> resolve(f.path())).toList();
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            GeneratedFile f = files.get(i);
            byte[] bytes = f.content().getBytes(StandardCharsets.UTF_8);
            Path target = targets.get(i);
            try {
                if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
                    out.add(new Outcome(f.path(), "unchanged", bytes.length));
                    continue;
                }
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
                try {
                    Files.write(tmp, bytes);
                    try {
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
                out.add(new Outcome(f.path(), "written", bytes.length));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + f.path() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Compares the files on disk with what would be generated, without writing anything. */
    public List<Outcome> check(List<GeneratedFile> files) {
        List<Outcome> out = new ArrayList<>();
        for (GeneratedFile f : files) {
            Path target = resolve(f.path());
            byte[] bytes = f.content().getBytes(StandardCharsets.UTF_8);
            try {
                boolean current = Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bytes);
                out.add(new Outcome(f.path(), current ? "unchanged" : Files.exists(target) ? "stale" : "missing", bytes.length));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + f.path() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String clip(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
