package io.dbwarden.monitor;

import io.dbwarden.catalog.Catalog;
import io.dbwarden.config.Config;
import io.dbwarden.config.ConfigException;
import io.dbwarden.db.SqlResource;
import io.dbwarden.findings.Finding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;

/**
 * Drift between the live schema and what the application expects: supabase-js references in the source that name
 * missing tables, columns, relationships or functions, and a committed generated types file that no longer matches.
 * Findings resolve by themselves once the code or the database is fixed, because each run is a complete check.
 */
public final class DriftCheck {
    public static final String SCOPE = "drift";

    private final Config.Monitor settings;
    private final Path projectRoot;
    private final CodeScanner scanner = new CodeScanner();
    private final CodeDrift drift = new CodeDrift();

    public DriftCheck(Config.Monitor settings, Path projectRoot) {
        this.settings = settings;
        this.projectRoot = projectRoot;
    }

    /** What one run looked at, and what it found. */
    public record Result(int references, int files, boolean typesFileChecked, List<Finding> findings) {
    }

    public Result run(Catalog live, Catalog baselineOrNull) {
        return run(live, baselineOrNull, Set.of());
    }

    /** extensionMembers: schema.name of the relations and functions extensions own, which a types file may list. */
    public Result run(Catalog live, Catalog baselineOrNull, Set<String> extensionMembers) {
        List<CodeReference> refs = scanner.scan(projectRoot, settings.codeGlobs());
        List<Finding> findings = new ArrayList<>(drift.check(live, baselineOrNull, refs));
        Path types = projectRoot.resolve(settings.typesFile()).normalize();
        boolean typesChecked = false;
        if (types.startsWith(projectRoot) && Files.isRegularFile(types)) {
            try {
                findings.addAll(drift.checkTypesFile(live, settings.typesFile(), TypesFile.read(types), extensionMembers));
                typesChecked = true;
            } catch (IOException e) {
                throw new ConfigException("Cannot read the types file " + settings.typesFile() + " (monitor.types_file): " + e.getMessage());
            }
        }
        long files = refs.stream().map(CodeReference::file).distinct().count();
        return new Result(refs.size(), (int) files, typesChecked, List.copyOf(findings));
    }

    /** The relations and functions extensions own, as schema.name. */
    public static Set<String> extensionMembers(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SqlResource.load(DriftCheck.class, "extension_members.sql"))) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return Set.copyOf(out);
    }

    /**
     * A cheap stamp of the source tree (newest modification time and file count over the globs), so that the monitor
     * re-runs the drift check when the code changes without reading any file.
     */
    public String sourceStamp() {
        long newest = 0;
        List<Path> files = Files.isDirectory(projectRoot)
                ? CodeScanner.matchingFiles(projectRoot.toAbsolutePath().normalize(), settings.codeGlobs()) : List.of();
        for (Path f : files) newest = Math.max(newest, stampOf(f));
        return files.size() + ":" + newest + ":" + stampOf(projectRoot.resolve(settings.typesFile()));
    }

    private static long stampOf(Path p) {
        try {
            return Files.exists(p) ? Files.getLastModifiedTime(p).toMillis() : -1;
        } catch (IOException e) {
            return -2;
        }
    }
}
