package io.dbwarden.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.CatalogCache;
import io.dbwarden.catalog.CatalogJson;
import io.dbwarden.catalog.CatalogReader;
import io.dbwarden.db.Database;
import io.dbwarden.migrate.ShadowRunner.Step;
import io.dbwarden.monitor.CodeReference;
import io.dbwarden.monitor.CodeScanner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether migrations are safe on a target database, layer by layer, each honest about what it saw: static
 * rules on the SQL text and the target's catalog; shadow execution on a throwaway copy of the schema with lock and
 * rewrite tracing; data probes of the target's real rows; and the cost of each lock from the target's sizes. The
 * target is only ever read.
 */
public final class MigrationValidator {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The team's plan's switches: constraints are validated on the shadow, data is probed, impact is estimated. */
    public record Options(RunnerMode mode, boolean validateConstraints, boolean checkDataIntegrity, boolean performanceImpact) {
        public static Options defaults() {
            return new Options(RunnerMode.AUTOCOMMIT, true, true, true);
        }
    }

    private final Database target;
    private final CatalogCache catalog;
    private final ShadowDatabases shadows;
    private final Path projectRoot;
    private final List<String> codeGlobs;

    /** projectRoot and codeGlobs locate the application code that a dropped or renamed object may break. */
    public MigrationValidator(Database target, CatalogCache catalog, ShadowDatabases shadows, Path projectRoot, List<String> codeGlobs) {
        this.target = target;
        this.catalog = catalog;
        this.shadows = shadows;
        this.projectRoot = projectRoot;
        this.codeGlobs = codeGlobs;
    }

    public MigrationReport validate(List<MigrationSource> sources, Options options) {
        if (sources.isEmpty()) throw new IllegalArgumentException("No migration to validate: pass sql, or a path to a file or directory.");
        // The shadow's copy starts first, in the background: it is the longest step, and needs nothing read yet.
        try (ShadowDatabases.Early early = options.validateConstraints() ? shadows.early() : null) {
            return validate(sources, options, early);
        }
    }

    private MigrationReport validate(List<MigrationSource> sources, Options options, ShadowDatabases.Early early) {
        Catalog live = catalog.current();
        String schemaScript = options.validateConstraints() ? target.readOnly(ShadowSchema::script) : null;
        List<CodeReference> code = java.nio.file.Files.isDirectory(projectRoot) ? new CodeScanner().scan(projectRoot, codeGlobs) : List.of();
        List<MigrationReport.FileResult> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Verdict overall = Verdict.SAFE;
        ShadowDatabases.Shadow shadow = null;
        try {
            Catalog before = live;
            boolean shadowBroken = false;
            for (int f = 0; f < sources.size(); f++) {
                MigrationSource source = sources.get(f);
                MigrationScript script = MigrationScript.parse(source.name(), source.text());
                List<MigrationIssue> issues = new ArrayList<>(StaticRules.check(script, before, options.mode(), live.serverVersionNum()));
                issues.addAll(codeCompatibility(issues, code));
                List<String> fileNotes = new ArrayList<>(script.problems());
                if (options.checkDataIntegrity()) {
                    DataProbes.Outcome probes = DataProbes.run(target, issues);
                    issues.removeAll(probes.remove());
                    issues.addAll(probes.add());
                    fileNotes.addAll(probes.notes());
                } else {
                    for (MigrationIssue i : issues) {
                        if (isProbeRequest(i)) fileNotes.add("Statement " + i.statementIndex() + " was not checked against the data: "
                                + i.message().replaceFirst("^Data check: ", ""));
                    }
                }
                // A probe request has done its work once the data layer ran (or was noted as skipped).
                issues.removeIf(MigrationValidator::isProbeRequest);
                if (!options.validateConstraints()) {
                    // No shadow to read the next file's starting schema from: the static layer's own model of it.
                    before = StaticRules.simulate(before, script);
                } else if (shadowBroken) {
                    fileNotes.add("Not executed on the shadow: an earlier migration failed there.");
                } else {
                    if (shadow == null) {
                        // Only the shadow layer needs the shadow; taken after the first file's static and data layers,
                        // which run while the copy is made.
                        shadow = shadows.create(schemaScript, early);
                        if (shadow.note() != null) notes.add(shadow.note());
                    }
                    ShadowRunner.Result run = ShadowRunner.run(shadow.connection(), steps(script, options.mode()), options.mode());
                    issues.addAll(ShadowFindings.of(source.name(), run, issues, before));
                    issues.replaceAll(i -> ShadowFindings.withObservedLocks(i, run));
                    shadowBroken = run.traces().stream().anyMatch(t -> t.errorState() != null) || run.transactionLeftOpen();
                    // The next file meets the schema this one left; the last file has no next.
                    if (f < sources.size() - 1) before = withTargetStats(new CatalogReader().read(shadow.connection()), live);
                }
                issues.sort(java.util.Comparator.comparingInt(MigrationIssue::statementIndex)
                        .thenComparing(i -> -i.verdict().ordinal()));
                List<MigrationIssue> named = issues.stream()
                        .map(i -> i.file() == null ? withFile(i, source.name()) : i)
                        .map(i -> options.performanceImpact() || i.estimate() == null ? i : withoutEstimate(i))
                        .toList();
                Verdict v = named.stream().map(MigrationIssue::verdict).reduce(Verdict.SAFE, Verdict::worst);
                overall = overall.worst(v);
                files.add(new MigrationReport.FileResult(source.name(), v, script.statements().size(), named, List.copyOf(fileNotes)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The shadow database failed: " + e.getMessage()
                    + ". The target was not changed; the static and data layers can still run with validate_constraints=false.", e);
        } finally {
            if (shadow != null) shadow.close();
        }
        if (!options.validateConstraints()) notes.add("Shadow execution was off (validate_constraints=false): locks and rewrites were not traced.");
        if (!options.checkDataIntegrity()) notes.add("Data probes were off (check_data_integrity=false): failures that depend on existing rows were not checked.");
        return new MigrationReport(target.url().display(), live.serverVersionNum(), options.mode(), overall, List.copyOf(files),
                List.copyOf(notes), token(sources, live, options.mode(), target.url().display()));
    }

    /** The runner's view of each statement, which depends on how the runner sends the file. */
    static List<Step> steps(MigrationScript script, RunnerMode mode) {
        List<Step> out = new ArrayList<>();
        for (MigrationScript.Statement s : script.statements()) {
            Step.Kind kind;
            if (s.opensTransaction()) kind = Step.Kind.BEGIN;
            else if (s.closesTransaction()) kind = s.rollsBack() ? Step.Kind.ROLLBACK : Step.Kind.COMMIT;
            else if (mode == RunnerMode.SUPABASE ? s.runsOutsideSupabasePipeline() : s.cannotRunInTransactionBlock()) kind = Step.Kind.NON_TRANSACTIONAL;
            else kind = Step.Kind.NORMAL;
            out.add(new Step(s.index(), s.line(), s.sql(), kind));
        }
        return out;
    }

    /** The shadow's schema after a migration, with the target's row and size estimates where the tables match. */
    static Catalog withTargetStats(Catalog shadow, Catalog target) {
        List<Catalog.Table> tables = shadow.tables().stream().map(t -> target.table(t.schema(), t.name())
                .map(old -> new Catalog.Table(t.schema(), t.name(), t.kind(), t.owner(), t.comment(), t.rlsEnabled(), t.rlsForced(),
                        t.columns(), t.constraints(), t.indexes(), t.policies(), t.triggers(), t.grants(), old.stats()))
                .orElse(t)).toList();
        return new Catalog(target.database(), target.serverVersionNum(), shadow.schemas(), shadow.extensions(), tables, shadow.views(),
                shadow.functions(), shadow.enums(), shadow.compositeTypes(), shadow.domains(), shadow.sequences());
    }

    private static final java.util.Set<String> BREAKING = java.util.Set.of("drop-column", "rename-column", "drop-table", "rename-table");

    /** A dropped or renamed table or column that the application code still uses breaks it on deploy: say where. */
    static List<MigrationIssue> codeCompatibility(List<MigrationIssue> issues, List<CodeReference> code) {
        List<MigrationIssue> out = new ArrayList<>();
        for (MigrationIssue i : issues) {
            if (!BREAKING.contains(i.ruleId()) || i.evidence() == null || !i.evidence().hasNonNull("table")) continue;
            String table = i.evidence().get("table").asText();
            String column = i.evidence().hasNonNull("column") ? i.evidence().get("column").asText() : null;
            List<String> where = new ArrayList<>();
            for (CodeReference r : code) {
                if (r.table() == null || !(r.effectiveSchema() + "." + r.table()).equals(table)) continue;
                if (column != null && !column.equals(r.column())) continue;
                where.add(r.file() + ":" + r.line());
            }
            if (where.isEmpty()) continue;
            ObjectNode ev = object();
            ev.put("table", table);
            if (column != null) ev.put("column", column);
            where.forEach(ev.putArray("references")::add);
            String what = column == null ? table : table + "." + column;
            out.add(new MigrationIssue("breaking-change-used-by-code", Verdict.UNSAFE, MigrationIssue.Layer.CODE, null, i.statementIndex(),
                    i.line(), i.lock(), i.blocks(), "The application code still uses " + what + ", which statement " + i.statementIndex()
                    + " " + (i.ruleId().startsWith("drop") ? "drops" : "renames") + ": " + String.join(", ", where.subList(0, Math.min(10, where.size())))
                    + (where.size() > 10 ? " and " + (where.size() - 10) + " more" : "") + ".", "Change the code first and deploy it; "
                    + "then run this migration.", null, ev));
        }
        return out;
    }

    static boolean isProbeRequest(MigrationIssue i) {
        return i.verdict() == Verdict.SAFE && i.layer() == MigrationIssue.Layer.STATIC && i.evidence() != null && i.evidence().has("probe");
    }

    private static MigrationIssue withoutEstimate(MigrationIssue i) {
        return new MigrationIssue(i.ruleId(), i.verdict(), i.layer(), i.file(), i.statementIndex(), i.line(), i.lock(), i.blocks(),
                i.message(), i.saferRewrite(), null, i.evidence());
    }

    private static MigrationIssue withFile(MigrationIssue i, String file) {
        return new MigrationIssue(i.ruleId(), i.verdict(), i.layer(), file, i.statementIndex(), i.line(), i.lock(), i.blocks(),
                i.message(), i.saferRewrite(), i.estimate(), i.evidence());
    }

    /**
     * Binds an apply to exactly what was validated: the SQL, the target, the runner mode and the schema it saw. Apply
     * recomputes it and refuses anything else.
     */
    public static String token(List<MigrationSource> sources, Catalog live, RunnerMode mode, String target) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((target + "\u0000" + mode + "\u0000").getBytes(StandardCharsets.UTF_8));
            for (MigrationSource s : sources) d.update((s.name() + "\u0000" + s.text() + "\u0000").getBytes(StandardCharsets.UTF_8));
            // The schema, not its statistics: autovacuum must not invalidate a validation.
            d.update(CatalogJson.write(live.withoutStatistics()).getBytes(StandardCharsets.UTF_8));
            return "mv1-" + HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static Set<Integer> statementsWith(List<MigrationIssue> issues, java.util.function.Predicate<MigrationIssue> p) {
        Set<Integer> out = new HashSet<>();
        for (MigrationIssue i : issues) if (p.test(i)) out.add(i.statementIndex());
        return out;
    }
}
