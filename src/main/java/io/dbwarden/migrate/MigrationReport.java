package io.dbwarden.migrate;

import java.util.List;

/**
 * The result of validating one or more migration files against one target: a verdict per file and overall, every
 * issue with where it is and what to do instead, what each layer could and could not see, and the token that
 * binds an apply to exactly this validation.
 */
public record MigrationReport(String target, int serverVersionNum, RunnerMode mode, Verdict verdict, List<FileResult> files,
                              List<String> notes, String token) {

    /** One migration file: its verdict, its statements' issues, and what the layers noted (skipped probes, etc.). */
    public record FileResult(String file, Verdict verdict, int statements, List<MigrationIssue> issues, List<String> notes) {
    }
}
