package io.dbwarden.migrate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One hazard found in a migration. {@code statementIndex} is 1-based, {@code line} the statement's first line in its
 * file. {@code lock} names the lock mode and relation ("AccessExclusiveLock on public.users"), {@code blocks} what
 * it blocks ("reads and writes"), {@code estimate} how long traffic waits, from the target's real table sizes.
 * {@code layer} says which layer saw it: static (SQL text and catalog), shadow (executed on a throwaway copy), data
 * (probes of the target's rows), impact, or code (the application still uses what is dropped).
 */
public record MigrationIssue(String ruleId, Verdict verdict, Layer layer, String file, int statementIndex, int line,
                             String lock, String blocks, String message, String saferRewrite, String estimate,
                             JsonNode evidence) {

    public enum Layer { STATIC, SHADOW, DATA, IMPACT, CODE }
}
