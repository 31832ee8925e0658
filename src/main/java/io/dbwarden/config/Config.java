package io.dbwarden.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * dbwarden's whole configuration, after dbwarden.yaml and the environment have been merged. Every key is
 * documented in docs/configuration.md; {@link ConfigLoader} is the only place that builds one.
 */
public record Config(
        Path projectRoot,
        Map<String, Connection> connections,
        boolean allowWrites,
        boolean allowLiteralUrls,
        String profile,
        Http http,
        Limits limits,
        String stateUrl,
        Demo demo,
        Monitor monitor,
        Migrate migrate,
        Codegen codegen,
        Query query,
        Advisors advisors,
        Integrity integrity,
        Tasks tasks) {

    /** A named database. Tools take the name, never the URL, so secrets stay out of the conversation. */
    public record Connection(String name, String url, String readOnlyUrl, String description) {
        public ConnectionUrl parsed() {
            return ConnectionUrl.parse(url);
        }
    }

    public record Http(String host, int port, String token, List<String> allowedOrigins, int maxRequestBytes) {
        public boolean loopback() {
            return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
        }
    }

    public record Limits(int statementTimeoutMs, int lockTimeoutMs, int idleInTransactionTimeoutMs,
                         int maxRows, int maxResultBytes, int poolSize) {
    }

    public record Demo(int pgVersion, int port) {
    }

    /**
     * The schema monitor. {@code tables} empty means every table; {@code expectedSnapshot} is a committed snapshot
     * file that is the expected schema (otherwise the monitor's accepted baseline is).
     */
    /**
     * The migration validator: where shadow databases are made (null: the embedded PostgreSQL), how the team's
     * migration tool sends a file, and where the migrations live for {@code dbwarden check}.
     */
    public record Migrate(String shadowUrl, String runner, String directory) {
    }

    public record Monitor(boolean enabled, List<String> tables, int pollIntervalMs, List<String> codeGlobs,
                          String typesFile, String expectedSnapshot, String webhookUrl, String webhookMinSeverity) {
    }

    /**
     * Code generation. The Supabase-style types go to {@code monitor.types_file}, the file drift checks read; the
     * other TypeScript files sit beside it.
     */
    public record Codegen(List<String> schemas, String interfacePrefix, boolean includeRelations, String routesDir,
                          String testsDir, String docsDir, boolean detectOneToOne, String postgrestVersion) {
    }

    /**
     * The query analyzer and index advisor: the window a run compares against, whether workload statements may be
     * executed under EXPLAIN ANALYZE (only those the guard proves read-only), and the storage the index advisor may
     * spend on new indexes.
     */
    public record Query(int windowMinutes, boolean explainAnalyze, int indexBudgetMb) {
    }

    /**
     * The advisors: which schemas PostgREST exposes (empty: pgrst.db_schemas, else public), the API roles, the level
     * from which {@code dbwarden check} fails on lints, rules switched off, and every lint and health threshold.
     */
    public record Advisors(List<String> exposedSchemas, List<String> apiRoles, String checkMinSeverity, List<String> disabledRules,
                           int unusedIndexMinStatsDays, int bloatMinPercent, int bloatMinMb, int sequencePercent, int xidRemaining,
                           int cacheHitPercent, int cacheMinBlocks, int idleInTransactionSeconds, int seqScanMinRows,
                           int seqScanMaxIndexPercent, String graphql, Health health, int indexBloatMinPercent, int indexBloatMinMb,
                           int sampleIntervalMinutes, Access access) {
    }

    /**
     * Unusual access: a role's sensitive calls are a spike at {@code spikeFactor} times its earlier rate and
     * {@code spikeMinCalls} calls; its failed-permission and failed-login attempts in the server log, at the same factor
     * and {@code permissionFailuresMin} failures.
     */
    public record Access(int spikeFactor, int spikeMinCalls, int permissionFailuresMin) {
    }

    /**
     * check_integrity: how far it may go (tables above {@code sampleRowsAbove} rows are sampled at {@code samplePercent},
     * each probe gets {@code timeoutMs}) and the data quality checks the team declares.
     */
    public record Integrity(int sampleRowsAbove, int samplePercent, int maxExamples, int timeoutMs, boolean impliedRelationships,
                            List<DataCheck> checks) {
    }

    /**
     * One declared data quality check. {@code type} is not_null, unique, accepted_values, range, referential, freshness
     * or custom; the other fields apply to the types that need them.
     */
    public record DataCheck(String name, String type, String table, String column, List<String> values, String min, String max,
                            String references, String maxAge, String sql, String severity) {
    }

    /** check_health thresholds: each metric past its threshold is a finding. {@code diskSizeGb} 0 means not known. */
    public record Health(int connectionsPercent, int longQuerySeconds, int vacuumAgeDays, int replicationLagSeconds,
                         int locksWaiting, int forecastDays, int growthSampleMinutes, int diskSizeGb) {
    }

    /**
     * The TaskMaster bridge. {@code tag} null means TaskMaster's current tag ({@code TASKMASTER_TAG}, then
     * .taskmaster/state.json); {@code directory} is the TaskMaster project root, relative to dbwarden's.
     */
    public record Tasks(String minSeverity, String tag, boolean syncAfterCheck, boolean createMissing, String directory) {
    }

    public static final String DEFAULT_CONNECTION = "default";

    /** The named connection, or a clear error listing the names that exist. */
    public Connection connection(String name) {
        String key = name == null || name.isBlank() ? DEFAULT_CONNECTION : name;
        Connection c = connections.get(key);
        if (c != null) return c;
        if (connections.isEmpty()) {
            throw new ConfigException("No database is configured. Pass --db postgres://user@host:5432/dbname, set DATABASE_URL, "
                    + "or add connections.default.url to dbwarden.yaml.");
        }
        throw new ConfigException("No connection named '" + key + "'. Configured connections: "
                + String.join(", ", connections.keySet()) + ".");
    }

    public Config withConnection(String name, String url) {
        var copy = new java.util.LinkedHashMap<>(connections);
        Connection old = connections.get(name);
        copy.put(name, new Connection(name, url, old == null ? null : old.readOnlyUrl(), old == null ? null : old.description()));
        return new Config(projectRoot, Map.copyOf(copy), allowWrites, allowLiteralUrls, profile, http, limits, stateUrl, demo, monitor, migrate, codegen, query, advisors, integrity, tasks);
    }

    public Config withHttp(Http newHttp) {
        return new Config(projectRoot, connections, allowWrites, allowLiteralUrls, profile, newHttp, limits, stateUrl, demo, monitor, migrate, codegen, query, advisors, integrity, tasks);
    }

    public Config withAllowWrites(boolean allow) {
        return new Config(projectRoot, connections, allow, allowLiteralUrls, profile, http, limits, stateUrl, demo, monitor, migrate, codegen, query, advisors, integrity, tasks);
    }

    public Config withMonitor(Monitor newMonitor) {
        return new Config(projectRoot, connections, allowWrites, allowLiteralUrls, profile, http, limits, stateUrl, demo, newMonitor, migrate, codegen, query, advisors, integrity, tasks);
    }

    public Config withTasks(Tasks newTasks) {
        return new Config(projectRoot, connections, allowWrites, allowLiteralUrls, profile, http, limits, stateUrl, demo, monitor, migrate, codegen, query, advisors, integrity, newTasks);
    }

    public Config withProfile(String newProfile) {
        return new Config(projectRoot, connections, allowWrites, allowLiteralUrls, newProfile, http, limits, stateUrl, demo, monitor, migrate, codegen, query, advisors, integrity, tasks);
    }
}
