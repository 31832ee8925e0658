package io.dbwarden.advise;

import io.dbwarden.findings.Finding.Category;
import io.dbwarden.findings.Finding.Severity;

import java.util.List;
import java.util.Map;

/**
 * Every advisor rule dbwarden has: the complete splinter set (security and performance) with its known false positives
 * and negatives fixed, and the checks splinter lacks (from PgHero and postgres-mcp). docs/advisors.md lists them.
 */
public final class LintRules {
    private LintRules() {
    }

    private static LintRule sql(String id, String splinter, Severity s, Category c, String title, String description) {
        return new LintRule(id, splinter, s, c, title, description, id.replace('-', '_') + ".sql", Map.of());
    }

    private static LintRule parsed(String id, String splinter, Severity s, Category c, String title, String description) {
        return new LintRule(id, splinter, s, c, title, description, null, Map.of());
    }

    private static LintRule shared(String id, String splinter, Severity s, Category c, String title, String description,
                                   String file, String role) {
        return new LintRule(id, splinter, s, c, title, description, file, Map.of("role_name", role));
    }

    public static final List<LintRule> ALL = List.of(
            // security
            sql("rls-disabled-in-public", "0013 rls_disabled_in_public", Severity.HIGH, Category.SECURITY, "RLS disabled in an exposed schema",
                    "A table in a PostgREST-exposed schema that anon or authenticated can reach (schema usage and any privilege) with row level security off."),
            sql("policy-exists-rls-disabled", "0007 policy_exists_rls_disabled", Severity.HIGH, Category.SECURITY, "Policies exist but RLS is disabled",
                    "A table has RLS policies while row level security is off, so none of them applies."),
            sql("rls-enabled-no-policy", "0008 rls_enabled_no_policy", Severity.LOW, Category.SECURITY, "RLS enabled without a policy",
                    "Row level security is on and no policy exists while roles other than the owner hold privileges: they see no rows."),
            sql("security-definer-view", "0010 security_definer_view", Severity.HIGH, Category.SECURITY, "View runs with its owner's rights",
                    "A view in an exposed schema, readable by an API role, without security_invoker: it bypasses the RLS of the tables it reads (PostgreSQL 15+)."),
            sql("auth-users-exposed", "0002 auth_users_exposed", Severity.HIGH, Category.SECURITY, "auth.users exposed through a view",
                    "A view or materialized view in an exposed schema reads auth.users and an API role can select from it without auth.users' RLS applying."),
            sql("function-search-path-mutable", "0011 function_search_path_mutable", Severity.LOW, Category.SECURITY, "Function search_path is mutable",
                    "A function without a fixed search_path. Graded: SECURITY DEFINER executable by an API role in an exposed schema is high, other SECURITY DEFINER medium, the rest low."),
            sql("extension-in-public", "0014 extension_in_public", Severity.MEDIUM, Category.SECURITY, "Extension installed in public",
                    "An extension (other than plpgsql) lives in schema public, next to the API's tables."),
            parsed("rls-references-user-metadata", "0015 rls_references_user_metadata", Severity.HIGH, Category.SECURITY, "RLS trusts user-editable metadata",
                    "A policy reads user_metadata from the JWT (auth.jwt() or request.jwt.claims) or auth.users.raw_user_meta_data, which the user can change."),
            new LintRule("materialized-view-in-api", "0016 materialized_view_in_api", Severity.MEDIUM, Category.SECURITY, "Materialized view in the API",
                    "A materialized view in an exposed schema readable by an API role; materialized views have no RLS.", "relation_in_api.sql",
                    Map.of("relkind", "m", "kind_label", "materialized view")),
            new LintRule("foreign-table-in-api", "0017 foreign_table_in_api", Severity.MEDIUM, Category.SECURITY, "Foreign table in the API",
                    "A foreign table in an exposed schema readable by an API role; foreign tables have no RLS.", "relation_in_api.sql",
                    Map.of("relkind", "f", "kind_label", "foreign table")),
            sql("unsupported-reg-types", "0018 unsupported_reg_types", Severity.MEDIUM, Category.SECURITY, "Column type blocks pg_upgrade",
                    "A column (or array column) of a reg* type that stores OIDs pg_upgrade cannot keep (regclass, regrole and regtype are fine)."),
            sql("insecure-queue-exposed-in-api", "0019 insecure_queue_exposed_in_api", Severity.HIGH, Category.SECURITY, "Queue exposed without RLS",
                    "A pgmq queue table without RLS readable by an API role while pgmq_public is exposed."),
            sql("fkey-to-auth-unique", "0021 fkey_to_auth_unique", Severity.HIGH, Category.SECURITY, "Foreign key to an auth unique constraint",
                    "A foreign key references an auth table through a unique index that is not its primary key."),
            sql("extension-versions-outdated", "0022 extension_versions_outdated", Severity.MEDIUM, Category.SECURITY, "Extension version outdated",
                    "An installed extension is older than the version the server ships."),
            sql("sensitive-columns-exposed", "0023 sensitive_columns_exposed", Severity.HIGH, Category.SECURITY, "Sensitive columns exposed",
                    "A table in an exposed schema without RLS whose sensitive columns (passwords, tokens, ids, cards, health data) an API role can select, checked per column."),
            parsed("rls-policy-always-true", "0024 rls_policy_always_true", Severity.MEDIUM, Category.SECURITY, "RLS policy always true",
                    "A permissive write policy for anon, authenticated or PUBLIC whose USING or WITH CHECK is always true (judged by parsing, so 'a' = 'a' and true OR x count too)."),
            parsed("public-bucket-allows-listing", "0025 public_bucket_allows_listing", Severity.MEDIUM, Category.SECURITY, "Public bucket allows listing",
                    "A public storage bucket with a SELECT policy on storage.objects that lets API roles list every file in it."),
            shared("pg-graphql-anon-table-exposed", "0026 pg_graphql_anon_table_exposed", Severity.MEDIUM, Category.SECURITY, "anon sees a table in GraphQL",
                    "pg_graphql is installed and anon can select from a table, view or foreign table, so introspection reveals it.", "graphql_table_exposed.sql", "anon"),
            shared("pg-graphql-authenticated-table-exposed", "0027 pg_graphql_authenticated_table_exposed", Severity.MEDIUM, Category.SECURITY,
                    "authenticated sees a table in GraphQL",
                    "pg_graphql is installed and authenticated can select from a table, view or foreign table, so introspection reveals it.", "graphql_table_exposed.sql", "authenticated"),
            shared("anon-security-definer-function-executable", "0028 anon_security_definer_function_executable", Severity.MEDIUM, Category.SECURITY,
                    "anon can execute a SECURITY DEFINER function",
                    "A SECURITY DEFINER function in an exposed schema that anon may execute through /rest/v1/rpc (trigger functions excluded).",
                    "security_definer_function_executable.sql", "anon"),
            shared("authenticated-security-definer-function-executable", "0029 authenticated_security_definer_function_executable", Severity.MEDIUM,
                    Category.SECURITY, "authenticated can execute a SECURITY DEFINER function",
                    "A SECURITY DEFINER function in an exposed schema that authenticated may execute through /rest/v1/rpc (trigger functions excluded).",
                    "security_definer_function_executable.sql", "authenticated"),
            sql("auth-allow-anonymous-sign-ins", "0012 auth_allow_anonymous_sign_ins", Severity.LOW, Category.SECURITY, "Anonymous sign-ins in use",
                    "auth.users holds anonymous users, so anonymous sign-ins are (or were) enabled: policies for authenticated admit them too."),
            // performance
            sql("unindexed-foreign-keys", "0001 unindexed_foreign_keys", Severity.LOW, Category.PERFORMANCE, "Unindexed foreign key",
                    "A foreign key whose columns do not lead (in any order) a valid, non-partial index."),
            parsed("auth-rls-initplan", "0003 auth_rls_initplan", Severity.MEDIUM, Category.PERFORMANCE, "Auth function evaluated per row in RLS",
                    "A policy calls auth.uid(), auth.jwt(), auth.role(), auth.email(), current_setting() or a no-argument wrapper around them without (select ...), so it runs once per row."),
            sql("no-primary-key", "0004 no_primary_key", Severity.LOW, Category.PERFORMANCE, "No primary key",
                    "A table (partitions judged through their parent) without a primary key."),
            sql("unused-index", "0005 unused_index", Severity.LOW, Category.PERFORMANCE, "Unused index",
                    "An index that enforces nothing and was never scanned, reported only once the statistics are old enough to mean it."),
            sql("multiple-permissive-policies", "0006 multiple_permissive_policies", Severity.MEDIUM, Category.PERFORMANCE, "Multiple permissive policies",
                    "More than one permissive policy for the same table, role and action."),
            sql("duplicate-index", "0009 duplicate_index", Severity.MEDIUM, Category.PERFORMANCE, "Duplicate index",
                    "Indexes identical in method, key, operator classes, collations, order, expressions and predicate (a plain index beside a unique one counts)."),
            sql("table-bloat", "0020 table_bloat", Severity.LOW, Category.PERFORMANCE, "Table bloat",
                    "A table whose estimated dead space is above advisors.bloat_min_percent and advisors.bloat_min_mb."),
            // checks splinter lacks
            sql("invalid-index", null, Severity.MEDIUM, Category.PERFORMANCE, "Invalid index",
                    "An index left invalid by a failed concurrent build (builds in progress excluded)."),
            sql("not-valid-constraint", null, Severity.LOW, Category.INTEGRITY, "Constraint not validated",
                    "A CHECK or foreign key added NOT VALID and never validated."),
            sql("prefix-redundant-index", null, Severity.LOW, Category.PERFORMANCE, "Index covered by a longer one",
                    "A btree index whose key is a leading prefix of another index with the same classes, order and predicate, and which enforces nothing."),
            sql("sequence-near-limit", null, Severity.HIGH, Category.RESOURCE, "Sequence or integer key near its limit",
                    "A sequence past advisors.sequence_percent of the smaller of its maximum and the maximum of the integer columns it feeds."),
            sql("xid-wraparound", null, Severity.HIGH, Category.RESOURCE, "Transaction ID wraparound risk",
                    "A table with fewer than advisors.xid_remaining transaction IDs left before wraparound."),
            sql("low-cache-hit-rate", null, Severity.MEDIUM, Category.RESOURCE, "Low cache hit rate",
                    "Table or index block reads served from shared buffers below advisors.cache_hit_percent."),
            sql("idle-in-transaction", null, Severity.MEDIUM, Category.RESOURCE, "Session idle in transaction",
                    "A session idle inside a transaction longer than advisors.idle_in_transaction_seconds."),
            sql("inactive-replication-slot", null, Severity.HIGH, Category.RESOURCE, "Inactive replication slot",
                    "A replication slot no one consumes that still retains WAL."),
            sql("seq-scan-heavy-table", null, Severity.LOW, Category.PERFORMANCE, "Table read by sequential scans",
                    "A table with many rows read mostly by sequential scans (index share below advisors.seq_scan_max_index_percent)."));

    public static LintRule byId(String id) {
        for (LintRule r : ALL) if (r.id().equals(id)) return r;
        throw new IllegalArgumentException("no advisor rule '" + id + "'.");
    }
}
