package io.dbwarden.advise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.config.Config;
import io.dbwarden.config.Redactor;
import io.dbwarden.db.Database;
import io.dbwarden.db.SqlResource;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.FindingStore;
import io.dbwarden.findings.Transition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs every advisor rule against one database in a single read-only transaction and reconciles the findings in the
 * FindingStore (scope "advisors"), so they open, stay and resolve over time. One failing rule becomes a note; the rest
 * still run.
 */
public final class Advisors {
    public static final String SCOPE = "advisors";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Schemas Supabase and common extensions own; lints about the application skip them (splinter's list). */
    static final List<String> EXCLUDED_SCHEMAS = List.of("_timescaledb_cache", "_timescaledb_catalog", "_timescaledb_config",
            "_timescaledb_internal", "auth", "cron", "extensions", "graphql", "graphql_public", "information_schema", "net",
            "pgmq", "pgroonga", "pgsodium", "pgsodium_masks", "pgtle", "pgbouncer", "pg_catalog", "realtime", "repack", "storage",
            "supabase_functions", "supabase_migrations", "tiger", "topology", "vault");

    /** Column names that mark sensitive data (splinter's 67), compared lower-cased with '-' read as '_'. */
    public static final List<String> SENSITIVE_NAMES = List.of(
            "password", "passwd", "pwd", "passphrase", "secret", "secret_key", "private_key", "api_key", "apikey", "auth_key",
            "token", "jwt", "access_token", "refresh_token", "oauth_token", "session_token", "bearer_token", "auth_code",
            "session_id", "session_key", "session_secret", "recovery_code", "backup_code", "verification_code", "otp",
            "two_factor", "2fa_secret", "2fa_code", "ssn", "social_security", "social_security_number", "driver_license",
            "drivers_license", "license_number", "passport_number", "passport_id", "national_id", "tax_id", "credit_card",
            "card_number", "cvv", "cvc", "cvn", "bank_account", "account_number", "routing_number", "iban", "swift_code", "bic",
            "health_record", "medical_record", "patient_id", "insurance_number", "health_insurance", "medical_insurance",
            "treatment", "mac_address", "macaddr", "imei", "device_uuid", "pgp_key", "gpg_key", "ssh_key", "certificate",
            "license_key", "activation_key", "facial_recognition");

    private final Database database;
    private final FindingStore store;
    private final Config.Advisors config;

    /** What one run found, and what it could not judge. */
    public record Report(String database, List<String> exposedSchemas, List<Finding> findings, List<String> notes,
                         List<Transition> transitions, long millis) {
    }

    public Advisors(Database database, FindingStore store, Config.Advisors config) {
        this.database = database;
        this.store = store;
        this.config = config;
    }

    /** Runs every enabled rule and reconciles the result; the findings come back most severe first. */
    public Report run() {
        long start = System.nanoTime();
        List<String> notes = new ArrayList<>();
        List<String> exposed = new ArrayList<>();
        // rules that did not judge this time (failed, or waiting for statistics): their open findings stay open
        Set<String> unjudged = new HashSet<>();
        if (config.graphql().equals("off")) notes.add("pg-graphql rules are off (advisors.graphql: off).");
        List<Finding> findings = database.readOnly(c -> rules(c, rule -> true, exposed, notes, unjudged));
        findings = findings.stream().filter(f -> !config.disabledRules().contains(f.ruleId())).sorted(Finding.BY_SEVERITY).toList();
        List<Transition> transitions = store == null ? List.of()
                : store.reconcile(database.name(), SCOPE, stored -> !unjudged.contains(stored.finding().ruleId()), findings);
        return new Report(database.name(), List.copyOf(exposed), findings, List.copyOf(notes), transitions,
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    /**
     * The findings of some rules, on a connection another check holds open (its read-only transaction), with nothing
     * reconciled: for the index advisor's drops and the query analyzer's schema checks, so that each condition is
     * judged by one rule. A rule that cannot run, or waits for statistics, adds a note.
     */
    public List<Finding> findings(Connection c, Set<String> ruleIds, List<String> notes) throws SQLException {
        return rules(c, rule -> ruleIds.contains(rule.id()), new ArrayList<>(), notes, new HashSet<>()).stream()
                .filter(f -> ruleIds.contains(f.ruleId())).toList();
    }

    private List<Finding> rules(Connection c, java.util.function.Predicate<LintRule> wanted, List<String> exposed, List<String> notes,
                                Set<String> unjudged) throws SQLException {
        Map<String, Object> params = params(c, exposed);
        List<Finding> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (LintRule rule : LintRules.ALL) {
            if (config.disabledRules().contains(rule.id()) || !wanted.test(rule)) continue;
            if (rule.id().equals("unused-index") && statsTooYoung(c, notes)) {
                unjudged.add(rule.id());
                continue;
            }
            if (rule.queryFile() == null) {
                if (done.add("policies")) {
                    int before = notes.size();
                    out.addAll(guarded(c, rule, notes, () -> policyFindings(c)));
                    if (notes.size() > before) {
                        LintRules.ALL.stream().filter(r -> r.queryFile() == null).forEach(r -> unjudged.add(r.id()));
                    }
                }
                continue;
            }
            Map<String, Object> p = new HashMap<>(params);
            p.putAll(rule.params());
            int before = notes.size();
            out.addAll(guarded(c, rule, notes, () -> query(c, rule, p)));
            if (notes.size() > before) unjudged.add(rule.id());
        }
        return out;
    }

    private interface RuleWork {
        List<Finding> run() throws SQLException;
    }

    /** Runs one rule under a savepoint, so its failure (a permission, a missing catalog) is a note and not the end. */
    private static List<Finding> guarded(Connection c, LintRule rule, List<String> notes, RuleWork work) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            List<Finding> out = work.run();
            c.releaseSavepoint(sp);
            return out;
        } catch (SQLException e) {
            c.rollback(sp);
            notes.add(rule.id() + " could not run: " + Redactor.redact(String.valueOf(e.getMessage())).lines().findFirst().orElse(""));
            return List.of();
        }
    }

    private Map<String, Object> params(Connection c, List<String> exposedOut) throws SQLException {
        List<String> exposed = config.exposedSchemas();
        if (exposed.isEmpty()) {
            String pgrst = null;
            try (PreparedStatement ps = c.prepareStatement("select current_setting('pgrst.db_schemas', true)"); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) pgrst = rs.getString(1);
            }
            exposed = pgrst == null || pgrst.isBlank() ? List.of("public")
                    : java.util.Arrays.stream(pgrst.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        exposedOut.addAll(exposed);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("exposed_schemas", exposed);
        p.put("excluded_schemas", EXCLUDED_SCHEMAS);
        p.put("api_roles", config.apiRoles());
        p.put("sensitive_names", SENSITIVE_NAMES);
        p.put("graphql_forced", config.graphql().equals("on"));
        p.put("bloat_min_bytes", (long) config.bloatMinMb() * 1024 * 1024);
        p.put("bloat_min_percent", config.bloatMinPercent());
        p.put("sequence_percent", config.sequencePercent());
        p.put("xid_remaining", (long) config.xidRemaining());
        p.put("cache_hit_percent", config.cacheHitPercent());
        p.put("cache_min_blocks", (long) config.cacheMinBlocks());
        p.put("idle_in_transaction_seconds", (double) config.idleInTransactionSeconds());
        p.put("seq_scan_min_rows", (long) config.seqScanMinRows());
        p.put("seq_scan_max_index_percent", config.seqScanMaxIndexPercent());
        return p;
    }

    /** Unused-index waits until the statistics cover advisors.unused_index_min_stats_days; says so when it waits. */
    private boolean statsTooYoung(Connection c, List<String> notes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select stats_reset from pg_stat_database where datname = current_database()");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getTimestamp(1) == null) return false;
            Instant reset = rs.getTimestamp(1).toInstant();
            if (Duration.between(reset, Instant.now()).toDays() >= config.unusedIndexMinStatsDays()) return false;
            notes.add("unused-index skipped: statistics were reset at " + reset + ", less than " + config.unusedIndexMinStatsDays()
                    + " days ago, so an index with no scans may simply not have been needed yet.");
            return true;
        }
    }

    private List<Finding> query(Connection c, LintRule rule, Map<String, Object> params) throws SQLException {
        if (rule.id().startsWith("pg-graphql") && config.graphql().equals("off")) return List.of();
        String sql = SqlResource.load(Advisors.class, "lints/" + rule.queryFile());
        List<Finding> out = new ArrayList<>();
        try (PreparedStatement ps = NamedSql.prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            boolean graded = hasColumn(rs, "severity");
            while (rs.next()) {
                String severity = graded ? rs.getString("severity") : null;
                out.add(finding(rule, severity == null ? rule.severity() : Finding.Severity.parse(severity), rs.getString("subject"),
                        rs.getString("discriminator"), rs.getString("detail"), rs.getString("remediation"), json(rs.getString("evidence"))));
            }
        }
        return out;
    }

    static Finding finding(LintRule rule, Finding.Severity severity, String subject, String discriminator, String detail,
                           String remediation, JsonNode evidence) {
        if (evidence != null && evidence.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) evidence).put("lint", rule.id());
            if (rule.splinter() != null) ((com.fasterxml.jackson.databind.node.ObjectNode) evidence).put("splinter", rule.splinterName());
        }
        return Finding.of(rule.id(), severity, rule.category(), subject, discriminator, rule.title(), detail, remediation, evidence);
    }

    private static boolean hasColumn(ResultSet rs, String name) throws SQLException {
        var md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) if (md.getColumnLabel(i).equals(name)) return true;
        return false;
    }

    private static JsonNode json(String s) {
        try {
            return s == null ? null : JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("lint evidence is not JSON", e);
        }
    }

    private List<Finding> policyFindings(Connection c) throws SQLException {
        Set<String> wrappers = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Advisors.class, "lints/auth_wrappers.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                PolicyExpression body = parseQuietly(rs.getString("body"));
                if (body != null && !body.authCalls(Set.of()).isEmpty()) wrappers.add(rs.getString("schema_name") + "." + rs.getString("function_name"));
            }
        }
        List<PolicyRules.Policy> policies = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Advisors.class, "lints/policies.sql")); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                policies.add(new PolicyRules.Policy(rs.getString("schema_name"), rs.getString("table_name"), rs.getString("policy_name"),
                        rs.getBoolean("rls_enabled"), rs.getString("command"), rs.getBoolean("permissive"),
                        List.of((String[]) rs.getArray("roles").getArray()), rs.getString("using_expr"), rs.getString("with_check")));
            }
        }
        List<PolicyRules.Bucket> buckets = new ArrayList<>();
        boolean storage;
        try (PreparedStatement ps = c.prepareStatement("select to_regclass('storage.buckets') is not null"); ResultSet rs = ps.executeQuery()) {
            storage = rs.next() && rs.getBoolean(1);
        }
        if (storage) {
            try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Advisors.class, "lints/public_buckets.sql"));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) buckets.add(new PolicyRules.Bucket(rs.getString("bucket_id"), rs.getString("bucket_name")));
            }
        }
        return new PolicyRules(wrappers, Set.copyOf(EXCLUDED_SCHEMAS)).findings(policies, buckets);
    }

    /** A function body the lexer cannot read (a plpgsql body is not plain SQL) is simply not a wrapper. */
    static PolicyExpression parseQuietly(String text) {
        try {
            return PolicyExpression.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
