package io.dbwarden.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One migration to validate: a name (its file, or "inline") and its SQL text. {@link #load} reads a file or a
 * migrations directory in the order its tool applies it: Supabase's timestamped files, Flyway's V&lt;version&gt;__
 * files by version, or plain .sql files by name.
 */
public record MigrationSource(String name, String text) {
    private static final Pattern FLYWAY = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.*\\.sql", Pattern.CASE_INSENSITIVE);
    /** Larger files are refused: no real migration is this big, and reading one would cost the server its memory. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    public static List<MigrationSource> load(Path path, Path projectRoot) {
        Path p = projectRoot.resolve(path).normalize();
        if (!Files.exists(p)) throw new IllegalArgumentException("No such file or directory: " + path + ".");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(p)) {
            Path dir = Files.isDirectory(p.resolve("supabase/migrations")) ? p.resolve("supabase/migrations") : p;
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().toLowerCase().endsWith(".sql")).forEach(files::add);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot list " + path + ": " + e.getMessage());
            }
            if (files.isEmpty()) throw new IllegalArgumentException("No .sql files in " + path + ".");
            files.sort(Comparator.comparing(MigrationSource::orderKey));
        } else {
            files.add(p);
        }
        List<MigrationSource> out = new ArrayList<>();
        for (Path f : files) {
            try {
                if (Files.size(f) > MAX_BYTES) {
                    throw new IllegalArgumentException(f.getFileName() + " is larger than 16 MiB; split it or validate it in parts.");
                }
                String rel = projectRoot.toAbsolutePath().normalize().relativize(f.toAbsolutePath().normalize()).toString().replace('\\', '/');
                out.add(new MigrationSource(rel.startsWith("..") ? f.toString() : rel, Files.readString(f, StandardCharsets.UTF_8)));
            } catch (java.nio.charset.MalformedInputException e) {
                throw new IllegalArgumentException(f.getFileName() + " is not UTF-8 text.");
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read " + f.getFileName() + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Flyway versions sort numerically (V2 before V10); everything else by name, which timestamps make chronological. */
    static String orderKey(Path f) {
        String name = f.getFileName().toString();
        Matcher m = FLYWAY.matcher(name);
        if (!m.matches()) return "1:" + name;
        StringBuilder key = new StringBuilder("0:");
        for (String part : m.group(1).split("[._]")) key.append("0".repeat(Math.max(0, 20 - part.length()))).append(part).append('.');
        return key.append(name).toString();
    }
}
