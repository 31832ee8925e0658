package io.dbwarden.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@link Config} from dbwarden.yaml in the project root, then applies DATABASE_URL and DBWARDEN_*
 * environment variables on top. Unknown keys are an error, because a misspelt safety setting must not be
 * silently ignored.
 */
public final class ConfigLoader {
    public static final String FILE_NAME = "dbwarden.yaml";
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> TOP_KEYS = Set.of("connections", "allow_writes", "allow_literal_urls", "profile",
            "http", "limits", "state", "demo", "monitor", "migrate", "codegen", "query", "advisors", "integrity", "tasks");

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    public static Config load(Path projectRoot) {
        return new ConfigLoader(System.getenv()).loadFrom(projectRoot);
    }

    public Config loadFrom(Path projectRoot) {
        Path file = env.containsKey("DBWARDEN_CONFIG") ? Path.of(env.get("DBWARDEN_CONFIG")) : projectRoot.resolve(FILE_NAME);
        JsonNode root = readYaml(file);
        checkKeys(root, TOP_KEYS, "");

        Map<String, Config.Connection> connections = new LinkedHashMap<>();
        JsonNode conns = root.path("connections");
        if (!conns.isMissingNode() && !conns.isObject()) {
            throw new ConfigException(FILE_NAME + ": 'connections' must be a map of name → {url, read_only_url, description}.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = conns.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode c = e.getValue();
            if (c.isTextual()) c = new ObjectMapper().createObjectNode().put("url", c.asText());
            checkKeys(c, Set.of("url", "read_only_url", "description"), "connections." + e.getKey() + ".");
            connections.put(e.getKey(), new Config.Connection(e.getKey(), text(c, "url", null),
                    text(c, "read_only_url", null), text(c, "description", null)));
        }
        String databaseUrl = env.get("DATABASE_URL");
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            Config.Connection old = connections.get(Config.DEFAULT_CONNECTION);
            connections.put(Config.DEFAULT_CONNECTION, new Config.Connection(Config.DEFAULT_CONNECTION, databaseUrl,
                    env.getOrDefault("DBWARDEN_READ_ONLY_URL", old == null ? null : old.readOnlyUrl()),
                    old == null ? null : old.description()));
        } else if (env.containsKey("DBWARDEN_READ_ONLY_URL") && connections.containsKey(Config.DEFAULT_CONNECTION)) {
            Config.Connection old = connections.get(Config.DEFAULT_CONNECTION);
            connections.put(Config.DEFAULT_CONNECTION, new Config.Connection(old.name(), old.url(),
                    env.get("DBWARDEN_READ_ONLY_URL"), old.description()));
        }
        for (Config.Connection c : connections.values()) {
            if (c.url() == null || c.url().isBlank()) {
                throw new ConfigException(FILE_NAME + ": connections." + c.name() + ".url is missing.");
            }
        }

        JsonNode http = root.path("http");
        checkKeys(http, Set.of("host", "port", "token", "allowed_origins", "max_request_bytes"), "http.");
        List<String> origins = new ArrayList<>();
        http.path("allowed_origins").forEach(n -> origins.add(n.asText()));
        if (env.containsKey("DBWARDEN_ALLOWED_ORIGINS")) {
            origins.clear();
            for (String o : env.get("DBWARDEN_ALLOWED_ORIGINS").split(",")) if (!o.isBlank()) origins.add(o.trim());
        }
        Config.Http httpConfig = new Config.Http(
                envOr("DBWARDEN_HTTP_HOST", text(http, "host", "127.0.0.1")),
                intValue("DBWARDEN_HTTP_PORT", http, "port", 8765, 0, 65535),
                envOr("DBWARDEN_HTTP_TOKEN", text(http, "token", null)),
                List.copyOf(origins),
                intValue("DBWARDEN_HTTP_MAX_REQUEST_BYTES", http, "max_request_bytes", 1_048_576, 1024, 64 * 1024 * 1024));

        JsonNode limits = root.path("limits");
        checkKeys(limits, Set.of("statement_timeout_ms", "lock_timeout_ms", "idle_in_transaction_timeout_ms", "max_rows",
                "max_result_bytes", "pool_size"), "limits.");
        Config.Limits limitsConfig = new Config.Limits(
                intValue("DBWARDEN_STATEMENT_TIMEOUT_MS", limits, "statement_timeout_ms", 15_000, 100, 3_600_000),
                intValue("DBWARDEN_LOCK_TIMEOUT_MS", limits, "lock_timeout_ms", 2_000, 10, 600_000),
                intValue("DBWARDEN_IDLE_IN_TRANSACTION_TIMEOUT_MS", limits, "idle_in_transaction_timeout_ms", 60_000, 1_000, 3_600_000),
                intValue("DBWARDEN_MAX_ROWS", limits, "max_rows", 500, 1, 100_000),
                intValue("DBWARDEN_MAX_RESULT_BYTES", limits, "max_result_bytes", 256 * 1024, 1024, 64 * 1024 * 1024),
                intValue("DBWARDEN_POOL_SIZE", limits, "pool_size", 4, 1, 64));

        JsonNode state = root.path("state");
        checkKeys(state, Set.of("url"), "state.");
        JsonNode demo = root.path("demo");
        checkKeys(demo, Set.of("pg_version", "port"), "demo.");

        JsonNode monitor = root.path("monitor");
        checkKeys(monitor, Set.of("enabled", "tables", "poll_interval_ms", "code_globs", "types_file", "expected_snapshot",
                "webhook_url", "webhook_min_severity"), "monitor.");
        List<String> tables = strings(monitor.path("tables"), "monitor.tables");
        List<String> globs = strings(monitor.path("code_globs"), "monitor.code_globs");
        if (globs.isEmpty()) globs = List.of("src/**/*.{ts,tsx,js}", "app/**");
        String minSeverity = envOr("DBWARDEN_WEBHOOK_MIN_SEVERITY", text(monitor, "webhook_min_severity", "medium"));
        if (!Set.of("critical", "high", "medium", "low", "info").contains(minSeverity)) {
            throw new ConfigException("monitor.webhook_min_severity must be critical, high, medium, low or info (got '" + minSeverity + "').");
        }
        Config.Monitor monitorConfig = new Config.Monitor(
                !"false".equalsIgnoreCase(envOr("DBWARDEN_MONITOR_ENABLED", text(monitor, "enabled", "true"))),
                tables,
                intValue("DBWARDEN_MONITOR_POLL_INTERVAL_MS", monitor, "poll_interval_ms", 5_000, 200, 3_600_000),
                globs,
                envOr("DBWARDEN_TYPES_FILE", text(monitor, "types_file", "src/types/database.ts")),
                envOr("DBWARDEN_EXPECTED_SNAPSHOT", text(monitor, "expected_snapshot", null)),
                envOr("DBWARDEN_WEBHOOK_URL", text(monitor, "webhook_url", null)),
                minSeverity);

        JsonNode migrate = root.path("migrate");
        checkKeys(migrate, Set.of("shadow_url", "runner", "directory"), "migrate.");
        String runner = envOr("DBWARDEN_MIGRATION_RUNNER", text(migrate, "runner", "autocommit"));
        if (!Set.of("autocommit", "single_transaction", "supabase").contains(runner)) {
            throw new ConfigException("migrate.runner must be autocommit, single_transaction or supabase (got '" + runner + "').");
        }
        Config.Migrate migrateConfig = new Config.Migrate(envOr("DBWARDEN_SHADOW_URL", text(migrate, "shadow_url", null)), runner,
                envOr("DBWARDEN_MIGRATIONS_DIR", text(migrate, "directory", null)));

        JsonNode codegen = root.path("codegen");
        checkKeys(codegen, Set.of("schemas", "interface_prefix", "include_relations", "routes_dir", "tests_dir", "docs_dir",
                "one_to_one", "postgrest_version"), "codegen.");
        List<String> schemas = strings(codegen.path("schemas"), "codegen.schemas");
        String prefix = text(codegen, "interface_prefix", "DB");
        if (!prefix.matches("[A-Za-z_$][A-Za-z0-9_$]*|")) {
            throw new ConfigException("codegen.interface_prefix must be a TypeScript identifier such as DB (got '" + prefix + "').");
        }
        Config.Codegen codegenConfig = new Config.Codegen(schemas.isEmpty() ? List.of("public") : schemas, prefix,
                !"false".equalsIgnoreCase(text(codegen, "include_relations", "true")),
                text(codegen, "routes_dir", "src/app/api"), text(codegen, "tests_dir", "supabase/tests/database"),
                text(codegen, "docs_dir", "docs/database"), !"false".equalsIgnoreCase(text(codegen, "one_to_one", "true")),
                text(codegen, "postgrest_version", null));

        JsonNode query = root.path("query");
        checkKeys(query, Set.of("window_minutes", "explain_analyze", "index_budget_mb"), "query.");
        Config.Query queryConfig = new Config.Query(intValue("DBWARDEN_QUERY_WINDOW_MINUTES", query, "window_minutes", 60, 1, 43_200),
                bool("DBWARDEN_QUERY_EXPLAIN_ANALYZE", query, "explain_analyze"),
                intValue("DBWARDEN_QUERY_INDEX_BUDGET_MB", query, "index_budget_mb", 1024, 1, 10_000_000));

        Config.Advisors advisorsConfig = advisors(root.path("advisors"));

        JsonNode tasks = root.path("tasks");
        checkKeys(tasks, Set.of("min_severity", "tag", "sync_after_check", "create_missing", "directory"), "tasks.");
        String taskSeverity = envOr("DBWARDEN_TASKS_MIN_SEVERITY", text(tasks, "min_severity", "medium"));
        if (!Set.of("critical", "high", "medium", "low", "info").contains(taskSeverity)) {
            throw new ConfigException("tasks.min_severity must be critical, high, medium, low or info (got '" + taskSeverity + "').");
        }
        // A configured tag wins over TaskMaster's own choice (TASKMASTER_TAG, then state.json), which TaskmasterProject reads.
        Config.Tasks tasksConfig = new Config.Tasks(taskSeverity, text(tasks, "tag", envOr("TASKMASTER_TAG", null)),
                bool("DBWARDEN_TASKS_SYNC_AFTER_CHECK", tasks, "sync_after_check"),
                bool("DBWARDEN_TASKS_CREATE_MISSING", tasks, "create_missing"), text(tasks, "directory", "."));

        String profile = envOr("DBWARDEN_PROFILE", text(root, "profile", "core"));
        if (!Set.of("core", "standard", "all").contains(profile)) {
            throw new ConfigException("profile must be core, standard or all (got '" + profile + "').");
        }
        return new Config(projectRoot.toAbsolutePath().normalize(), Map.copyOf(connections),
                bool("DBWARDEN_ALLOW_WRITES", root, "allow_writes"),
                bool("DBWARDEN_ALLOW_LITERAL_URLS", root, "allow_literal_urls"),
                profile, httpConfig, limitsConfig,
                envOr("DBWARDEN_STATE_URL", text(state, "url", ".dbwarden/state.db")),
                new Config.Demo(intValue("DBWARDEN_PG_VERSION", demo, "pg_version", 17, 14, 17),
                        intValue("DBWARDEN_DEMO_PG_PORT", demo, "port", 0, 0, 65535)),
                monitorConfig, migrateConfig, codegenConfig, queryConfig, advisorsConfig, integrity(root.path("integrity")), tasksConfig);
    }

    private static final Set<String> CHECK_TYPES = Set.of("not_null", "unique", "accepted_values", "range", "referential", "freshness", "custom");

    private Config.Integrity integrity(JsonNode n) {
        checkKeys(n, Set.of("sample_rows_above", "sample_percent", "max_examples", "timeout_ms", "implied_relationships", "checks"), "integrity.");
        List<Config.DataCheck> checks = new ArrayList<>();
        JsonNode list = n.path("checks");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) throw new ConfigException(FILE_NAME + ": integrity.checks must be a list.");
        Set<String> names = new java.util.HashSet<>();
        for (JsonNode c : list) {
            String where = "integrity.checks[" + checks.size() + "]";
            checkKeys(c, Set.of("name", "type", "table", "column", "values", "min", "max", "references", "max_age", "sql", "severity"), where + ".");
            String type = text(c, "type", null);
            if (type == null || !CHECK_TYPES.contains(type)) {
                throw new ConfigException(where + ".type must be one of " + String.join(", ", new java.util.TreeSet<>(CHECK_TYPES)) + " (got '" + type + "').");
            }
            String name = text(c, "name", type + (c.has("table") ? " " + text(c, "table", "") : "") + (c.has("column") ? "." + text(c, "column", "") : ""));
            if (!names.add(name)) throw new ConfigException(where + ": two checks are named '" + name + "'; give each a unique name.");
            boolean custom = type.equals("custom");
            if (custom ? !c.hasNonNull("sql") : !c.hasNonNull("table")) {
                throw new ConfigException(where + " ('" + name + "') needs " + (custom ? "sql: a query returning the violating rows." : "table."));
            }
            if (!custom && !type.equals("unique") && !c.hasNonNull("column")) throw new ConfigException(where + " ('" + name + "') needs column.");
            if (type.equals("accepted_values") && !c.path("values").isArray()) throw new ConfigException(where + " ('" + name + "') needs values: a list.");
            if (type.equals("range") && !c.hasNonNull("min") && !c.hasNonNull("max")) throw new ConfigException(where + " ('" + name + "') needs min, max or both.");
            if (type.equals("referential") && !text(c, "references", "").matches("[^.]+(\\.[^.]+){1,2}")) {
                throw new ConfigException(where + " ('" + name + "') needs references: table.column or schema.table.column.");
            }
            if (type.equals("freshness") && !text(c, "max_age", "").matches("\\d+\\s*(m|h|d)")) {
                throw new ConfigException(where + " ('" + name + "') needs max_age such as 30m, 24h or 7d.");
            }
            String severity = text(c, "severity", "medium");
            checkSeverity(severity, where);
            checks.add(new Config.DataCheck(name, type, text(c, "table", null), text(c, "column", null),
                    strings(c.path("values"), where + ".values"), text(c, "min", null), text(c, "max", null), text(c, "references", null),
                    text(c, "max_age", null), text(c, "sql", null), severity));
        }
        return new Config.Integrity(intValue("DBWARDEN_INTEGRITY_SAMPLE_ROWS_ABOVE", n, "sample_rows_above", 1_000_000, 0, Integer.MAX_VALUE),
                intValue("DBWARDEN_INTEGRITY_SAMPLE_PERCENT", n, "sample_percent", 1, 1, 100),
                intValue("DBWARDEN_INTEGRITY_MAX_EXAMPLES", n, "max_examples", 5, 0, 100),
                intValue("DBWARDEN_INTEGRITY_TIMEOUT_MS", n, "timeout_ms", 10_000, 100, 3_600_000),
                !"false".equalsIgnoreCase(text(n, "implied_relationships", "true")), List.copyOf(checks));
    }

    private static void checkSeverity(String severity, String where) {
        if (!Set.of("critical", "high", "medium", "low", "info").contains(severity)) {
            throw new ConfigException(where + ".severity must be critical, high, medium, low or info (got '" + severity + "').");
        }
    }

    private Config.Advisors advisors(JsonNode a) {
        checkKeys(a, Set.of("exposed_schemas", "api_roles", "check_min_level", "disabled_rules", "unused_index_min_stats_days",
                "bloat_min_percent", "bloat_min_mb", "sequence_percent", "xid_remaining", "cache_hit_percent", "cache_min_blocks",
                "idle_in_transaction_seconds", "seq_scan_min_rows", "seq_scan_max_index_percent", "graphql", "health", "index_bloat_min_percent", "index_bloat_min_mb",
                "sample_interval_minutes", "access"), "advisors.");
        String level = envOr("DBWARDEN_CHECK_MIN_LEVEL", text(a, "check_min_level", "high"));
        if (!Set.of("critical", "high", "medium", "low", "info", "off").contains(level)) {
            throw new ConfigException("advisors.check_min_level must be critical, high, medium, low, info or off (got '" + level + "').");
        }
        String graphql = text(a, "graphql", "auto");
        if (!Set.of("auto", "on", "off").contains(graphql)) {
            throw new ConfigException("advisors.graphql must be auto, on or off (got '" + graphql + "').");
        }
        List<String> roles = strings(a.path("api_roles"), "advisors.api_roles");
        JsonNode h = a.path("health");
        checkKeys(h, Set.of("connections_percent", "long_query_seconds", "vacuum_age_days", "replication_lag_seconds", "locks_waiting",
                "forecast_days", "growth_sample_minutes", "disk_size_gb"), "advisors.health.");
        Config.Health health = new Config.Health(
                intValue("DBWARDEN_HEALTH_CONNECTIONS_PERCENT", h, "connections_percent", 80, 1, 100),
                intValue("DBWARDEN_HEALTH_LONG_QUERY_SECONDS", h, "long_query_seconds", 60, 0, 86_400),
                intValue("DBWARDEN_HEALTH_VACUUM_AGE_DAYS", h, "vacuum_age_days", 7, 0, 3650),
                intValue("DBWARDEN_HEALTH_REPLICATION_LAG_SECONDS", h, "replication_lag_seconds", 5, 0, 86_400),
                intValue("DBWARDEN_HEALTH_LOCKS_WAITING", h, "locks_waiting", 1, 1, 100_000),
                intValue("DBWARDEN_HEALTH_FORECAST_DAYS", h, "forecast_days", 30, 1, 3650),
                intValue("DBWARDEN_HEALTH_GROWTH_SAMPLE_MINUTES", h, "growth_sample_minutes", 60, 0, 10_080),
                intValue("DBWARDEN_HEALTH_DISK_SIZE_GB", h, "disk_size_gb", 0, 0, 1_000_000));
        JsonNode x = a.path("access");
        checkKeys(x, Set.of("spike_factor", "spike_min_calls", "permission_failures_min"), "advisors.access.");
        Config.Access access = new Config.Access(intValue("DBWARDEN_ACCESS_SPIKE_FACTOR", x, "spike_factor", 3, 1, 1_000),
                intValue("DBWARDEN_ACCESS_SPIKE_MIN_CALLS", x, "spike_min_calls", 100, 1, Integer.MAX_VALUE),
                intValue("DBWARDEN_ACCESS_PERMISSION_FAILURES_MIN", x, "permission_failures_min", 20, 1, Integer.MAX_VALUE));
        return new Config.Advisors(strings(a.path("exposed_schemas"), "advisors.exposed_schemas"),
                roles.isEmpty() ? List.of("anon", "authenticated") : roles, level,
                strings(a.path("disabled_rules"), "advisors.disabled_rules"),
                intValue("DBWARDEN_UNUSED_INDEX_MIN_STATS_DAYS", a, "unused_index_min_stats_days", 7, 0, 3650),
                intValue("DBWARDEN_BLOAT_MIN_PERCENT", a, "bloat_min_percent", 30, 0, 100),
                intValue("DBWARDEN_BLOAT_MIN_MB", a, "bloat_min_mb", 10, 0, 1_000_000),
                intValue("DBWARDEN_SEQUENCE_PERCENT", a, "sequence_percent", 90, 1, 100),
                intValue("DBWARDEN_XID_REMAINING", a, "xid_remaining", 1_500_000_000, 0, Integer.MAX_VALUE),
                intValue("DBWARDEN_CACHE_HIT_PERCENT", a, "cache_hit_percent", 99, 0, 100),
                intValue("DBWARDEN_CACHE_MIN_BLOCKS", a, "cache_min_blocks", 10_000, 0, Integer.MAX_VALUE),
                intValue("DBWARDEN_IDLE_IN_TRANSACTION_SECONDS", a, "idle_in_transaction_seconds", 300, 0, 86_400),
                intValue("DBWARDEN_SEQ_SCAN_MIN_ROWS", a, "seq_scan_min_rows", 10_000, 0, Integer.MAX_VALUE),
                intValue("DBWARDEN_SEQ_SCAN_MAX_INDEX_PERCENT", a, "seq_scan_max_index_percent", 95, 0, 100),
                graphql, health,
                intValue("DBWARDEN_INDEX_BLOAT_MIN_PERCENT", a, "index_bloat_min_percent", 30, 0, 100),
                intValue("DBWARDEN_INDEX_BLOAT_MIN_MB", a, "index_bloat_min_mb", 10, 0, 1_000_000),
                intValue("DBWARDEN_SAMPLE_INTERVAL_MINUTES", a, "sample_interval_minutes", 5, 0, 1_440), access);
    }

    private JsonNode readYaml(Path file) {
        if (!Files.exists(file)) return new ObjectMapper().createObjectNode();
        try {
            JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            if (n == null || n.isMissingNode() || n.isNull()) return new ObjectMapper().createObjectNode();
            if (!n.isObject()) throw new ConfigException(file.getFileName() + " must hold a map of settings at the top level.");
            return n;
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new ConfigException("Cannot read " + file.getFileName() + ": " + msg + ". Fix the YAML syntax; docs/configuration.md lists every key.");
        }
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String prefix) {
        if (node == null || node.isMissingNode() || node.isNull()) return;
        if (!node.isObject()) throw new ConfigException(FILE_NAME + ": '" + prefix.replaceAll("\\.$", "") + "' must be a map.");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new ConfigException(FILE_NAME + ": unknown key '" + prefix + k + "'. Known keys here: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + " (see docs/configuration.md).");
            }
        }
    }

    private List<String> strings(JsonNode node, String key) {
        if (node.isMissingNode() || node.isNull()) return List.of();
        if (!node.isArray()) throw new ConfigException(FILE_NAME + ": " + key + " must be a list.");
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(interpolate(n.asText())));
        return List.copyOf(out);
    }

    private String text(JsonNode node, String key, String fallback) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) return fallback;
        return interpolate(v.asText());
    }

    /** ${NAME} in a value is replaced by that environment variable, so secrets need not sit in the file. */
    private String interpolate(String value) {
        Matcher m = ENV_REF.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null) throw new ConfigException(FILE_NAME + " refers to ${" + m.group(1) + "}, which is not set in the environment.");
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }

    private String envOr(String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private boolean bool(String envName, JsonNode node, String key) {
        String v = envOr(envName, text(node, key, "false"));
        return switch (v.toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(key + " must be true or false (got '" + v + "').");
        };
    }

    private int intValue(String envName, JsonNode node, String key, int fallback, int min, int max) {
        String v = envOr(envName, text(node, key, null));
        if (v == null) return fallback;
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number from " + min + " to " + max + " (got '" + v + "').");
        }
    }
}
