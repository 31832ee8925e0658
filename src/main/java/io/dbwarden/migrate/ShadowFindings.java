package io.dbwarden.migrate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.catalog.Catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What shadow execution adds to the static layer: statements that error on this schema, relations actually rewritten
 * (a changed relfilenode, which static rules can only guess at), indexes left invalid, and a transaction left open.
 * Locks observed on the shadow are attached to the static issues of the same statement as evidence.
 */
final class ShadowFindings {
    /** A rewrite of a table this small is over before anyone notices. */
    private static final long NEGLIGIBLE_BYTES = 8L * 1024 * 1024;

    private ShadowFindings() {
    }

    static List<MigrationIssue> of(String file, ShadowRunner.Result run, List<MigrationIssue> staticIssues, Catalog before) {
        List<MigrationIssue> out = new ArrayList<>();
        Set<Integer> flaggedUnsafe = MigrationValidator.statementsWith(staticIssues, i -> i.verdict() != Verdict.SAFE);
        Set<Integer> flaggedFails = MigrationValidator.statementsWith(staticIssues, i -> i.verdict() == Verdict.FAILS);
        for (ShadowRunner.Trace t : run.traces()) {
            int index = t.step().index();
            if (t.errorState() != null) {
                ObjectNode ev = MigrationValidator.object();
                ev.put("sqlstate", t.errorState());
                ev.put("error", t.error());
                out.add(new MigrationIssue("shadow-execution-error", Verdict.FAILS, MigrationIssue.Layer.SHADOW, file, index,
                        t.step().line(), null, null, "Statement " + index + " fails on a copy of this database's schema: " + t.error()
                        + " (SQLSTATE " + t.errorState() + ")." + (flaggedFails.contains(index) ? " The static rules predicted it." : "")
                        + " psql -v ON_ERROR_STOP=1 stops here; the statements after it were not run.", null, null, ev));
            }
            for (String rewritten : t.rewritten()) {
                if (flaggedUnsafe.contains(index)) continue;
                String name = rewritten.replace(" (index)", "");
                int dot = name.indexOf('.');
                long bytes = dot < 0 ? 0 : before.table(name.substring(0, dot), name.substring(dot + 1))
                        .map(x -> x.stats().totalBytes()).orElse(0L);
                if (bytes < NEGLIGIBLE_BYTES) continue;
                ObjectNode ev = MigrationValidator.object();
                ev.put("relation", rewritten);
                ev.put("bytes", bytes);
                out.add(new MigrationIssue("observed-table-rewrite", Verdict.UNSAFE, MigrationIssue.Layer.SHADOW, file, index,
                        t.step().line(), "AccessExclusiveLock on " + name, "reads and writes",
                        "Statement " + index + " rewrote " + rewritten + " on the shadow (its storage file changed), which on the target "
                                + "copies every row under an ACCESS EXCLUSIVE lock.", "Split the change so that no table is rewritten: add "
                                + "a new column, backfill it in batches, then switch over (expand and contract).", null, ev));
            }
            for (String index2 : t.invalidIndexes()) {
                if (!run.invalidAtEnd().contains(index2)) continue;
                ObjectNode ev = MigrationValidator.object();
                ev.put("index", index2);
                out.add(new MigrationIssue("invalid-index-left-behind", Verdict.FAILS, MigrationIssue.Layer.SHADOW, file, index,
                        t.step().line(), null, null, "Statement " + index + " left the index " + index2 + " INVALID: queries will not use it, "
                        + "and CREATE INDEX CONCURRENTLY IF NOT EXISTS will then skip it.", "DROP INDEX CONCURRENTLY " + index2
                        + "; then build it again with CREATE INDEX CONCURRENTLY.", null, ev));
            }
        }
        if (run.transactionLeftOpen()) {
            ShadowRunner.Trace last = run.traces().isEmpty() ? null : run.traces().get(run.traces().size() - 1);
            boolean known = staticIssues.stream().anyMatch(i -> i.ruleId().equals("transaction-left-open"));
            if (!known && last != null) {
                out.add(new MigrationIssue("transaction-left-open", Verdict.FAILS, MigrationIssue.Layer.SHADOW, file,
                        last.step().index(), last.step().line(), null, null, "The file opens a transaction and never commits it: psql exits 0, "
                        + "and everything since BEGIN is rolled back when it disconnects.", "End the file with COMMIT;", null, null));
            }
        }
        return out;
    }

    /**
     * The issue with the relation locks its statement's session held on the shadow added to its evidence
     * ({@code observed_locks}): what the static rule predicted, confirmed or corrected by execution.
     */
    static MigrationIssue withObservedLocks(MigrationIssue i, ShadowRunner.Result run) {
        ShadowRunner.Trace t = run.traces().stream().filter(x -> x.step().index() == i.statementIndex()).findFirst().orElse(null);
        if (t == null || t.locks().isEmpty()) return i;
        ObjectNode ev = i.evidence() instanceof ObjectNode o ? o.deepCopy() : MigrationValidator.object();
        ArrayNode a = ev.putArray("observed_locks");
        for (ShadowRunner.Lock l : t.locks()) a.add(l.mode() + " on " + l.relation());
        return new MigrationIssue(i.ruleId(), i.verdict(), i.layer(), i.file(), i.statementIndex(), i.line(), i.lock(), i.blocks(),
                i.message(), i.saferRewrite(), i.estimate(), ev);
    }
}
