package io.dbwarden.migrate;

import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.Catalog.Column;
import io.dbwarden.catalog.Catalog.Constraint;
import io.dbwarden.catalog.Catalog.Index;
import io.dbwarden.catalog.Catalog.Table;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class StaticRulesTest {

    // ------------------------------------------------------------------------------------------- a test catalog

    static final long GB = 1024L * 1024 * 1024;

    static Column col(String name, String type, boolean notNull) {
        String base = type.replaceAll("\\(.*", "");
        return new Column(name, 0, type, "pg_catalog", base, 0, notNull, null, null, null, null);
    }

    static Column userCol(String name, String type) {
        return new Column(name, 0, type, "public", type, 0, false, null, null, null, null);
    }

    static Constraint pk(String name, String... cols) {
        return new Constraint(name, "primary_key", List.of(cols), "PRIMARY KEY (" + String.join(", ", cols) + ")",
                true, false, null, null, List.of(), null, null);
    }

    static Constraint check(String name, String definition, boolean validated) {
        return new Constraint(name, "check", List.of(), definition, validated, false, null, null, List.of(), null,
                null);
    }

    static Constraint fk(String name, String col, String refTable, String refCol) {
        return new Constraint(name, "foreign_key", List.of(col), "FOREIGN KEY (" + col + ") REFERENCES " + refTable
                + "(" + refCol + ")", true, false, "public", refTable, List.of(refCol), "a", "a");
    }

    static Index index(String name, List<String> cols, boolean unique, boolean primary, boolean valid) {
        return new Index(name, cols, "CREATE INDEX " + name, "btree", unique, primary, valid, null, 8192);
    }

    static Table table(String schema, String name, String kind, long rows, long bytes, List<Column> columns,
                       List<Constraint> constraints, List<Index> indexes) {
        return new Table(schema, name, kind, "postgres", null, false, false, columns, constraints, indexes, List.of(),
                List.of(), List.of(), new Catalog.Stats(rows, bytes));
    }

    /**
     * users is large (5 M rows, 2 GB) with a validated and a NOT VALID helper CHECK; orders (200 k rows) has a FK to
     * users and a domain column; empty_things is empty; events is partitioned; a view reads users.email; user_stats
     * is a materialized view without a unique index, user_stats_keyed one with it; mood is an enum.
     */
    static Catalog catalog() {
        Table users = table("public", "users", "table", 5_000_000, 2 * GB,
                List.of(col("id", "bigint", true), col("email", "character varying(100)", false),
                        col("nickname", "text", false), col("phone", "text", false), col("name", "text", true),
                        userCol("status", "mood"), col("created_at", "timestamp without time zone", false),
                        col("score", "numeric(10,2)", false), col("age", "integer", false), col("net", "cidr", false),
                        col("code", "text", false), col("payload", "json", false)),
                List.of(pk("users_pkey", "id"), check("users_email_nn", "CHECK ((email IS NOT NULL))", true),
                        check("users_nickname_nn", "CHECK ((nickname IS NOT NULL)) NOT VALID", false)),
                List.of(index("users_pkey", List.of("id"), true, true, true),
                        index("users_name_idx", List.of("name"), false, false, true),
                        index("users_broken_idx", List.of("code"), false, false, false)));
        Table orders = table("public", "orders", "table", 200_000, 50L * 1024 * 1024,
                List.of(col("id", "bigint", true), col("user_id", "bigint", false), userCol("qty", "positive_int"),
                        col("amount", "numeric(12,2)", false)),
                List.of(pk("orders_pkey", "id"), fk("orders_user_id_fkey", "user_id", "users", "id")),
                List.of(index("orders_pkey", List.of("id"), true, true, true)));
        Table empty = table("public", "empty_things", "table", 0, 8192,
                List.of(col("id", "integer", true), col("label", "text", false)),
                List.of(pk("empty_things_pkey", "id")), List.of(index("empty_things_pkey", List.of("id"), true, true,
                        true)));
        Table events = table("public", "events", "partitioned_table", 0, 0,
                List.of(col("id", "bigint", false), col("created_at", "timestamp with time zone", true)), List.of(),
                List.of());
        Table legacy = table("legacy", "old_stuff", "table", 10, 8192, List.of(col("id", "integer", false)),
                List.of(), List.of());
        Catalog.View active = new Catalog.View("public", "active_users", false, "postgres", null,
                " SELECT users.id,\n    users.email\n   FROM users\n  WHERE users.email IS NOT NULL;", List.of(),
                List.of(), List.of());
        Catalog.View stats = new Catalog.View("public", "user_stats", true, "postgres", null,
                " SELECT orders.user_id, count(*) AS n FROM orders GROUP BY orders.user_id;", List.of(), List.of(),
                List.of());
        Catalog.View keyed = new Catalog.View("public", "user_stats_keyed", true, "postgres", null,
                " SELECT orders.user_id, count(*) AS n FROM orders GROUP BY orders.user_id;", List.of(),
                List.of(index("user_stats_keyed_user_id_key", List.of("user_id"), true, false, true)), List.of());
        return new Catalog("app", 170002,
                List.of(new Catalog.Schema("legacy", "postgres", null), new Catalog.Schema("public", "postgres", null)),
                List.of(), List.of(events, legacy, empty, orders, users), List.of(active, stats, keyed),
                List.of(fn("slow_random", "volatile", "plpgsql"), fn("five", "volatile", "sql"),
                        fn("stable_fn", "stable", "plpgsql")),
                List.of(new Catalog.EnumType("public", "mood", List.of("happy", "sad"), null)), List.of(),
                List.of(new Catalog.Domain("public", "positive_int", "integer", false, null, List.of(), null)),
                List.of());
    }

    static Catalog.Function fn(String name, String volatility, String language) {
        return new Catalog.Function("public", name, "", "function", List.of(), "integer", false, language, volatility,
                false, List.of(), "postgres", null);
    }

    static List<MigrationIssue> check(String sql) {
        return check(sql, RunnerMode.AUTOCOMMIT, 170002);
    }

    static List<MigrationIssue> check(String sql, RunnerMode mode) {
        return check(sql, mode, 170002);
    }

    static List<MigrationIssue> check(String sql, RunnerMode mode, int version) {
        MigrationScript script = MigrationScript.parse("V1__test.sql", sql);
        StaticRules.Checker checker = new StaticRules.Checker(script, catalog(), mode, version);
        checker.strict = true;
        return checker.run();
    }

    /** The script with lock_timeout set first, so only the rule under test shows. */
    static List<MigrationIssue> checkWithTimeout(String sql) {
        return check("set lock_timeout = '2s';\n" + sql);
    }

    static List<String> rules(List<MigrationIssue> issues) {
        return issues.stream().map(MigrationIssue::ruleId).toList();
    }

    static List<String> blocking(List<MigrationIssue> issues) {
        return issues.stream().filter(i -> i.verdict() != Verdict.SAFE).map(MigrationIssue::ruleId).toList();
    }

    static MigrationIssue find(List<MigrationIssue> issues, String rule) {
        return issues.stream().filter(i -> i.ruleId().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + rule + " in " + rules(issues)));
    }

    // ------------------------------------------------------------------------------------------- indexes

    @Test
    void plainCreateIndexOnALargeTableBlocksWrites() {
        List<MigrationIssue> issues = checkWithTimeout("create index idx on users(email);");
        MigrationIssue i = find(issues, "index-created-non-concurrently");
        assertThat(i.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(i.layer()).isEqualTo(MigrationIssue.Layer.STATIC);
        assertThat(i.file()).isEqualTo("V1__test.sql");
        assertThat(i.statementIndex()).isEqualTo(2);
        assertThat(i.line()).isEqualTo(2);
        assertThat(i.lock()).isEqualTo("ShareLock on public.users");
        assertThat(i.blocks()).isEqualTo("writes");
        assertThat(i.saferRewrite()).contains("create index concurrently idx on users(email);")
                .contains("outside a transaction block");
        assertThat(i.estimate()).isEqualTo("≈ 20 s at ~100 MB/s for 2.0 GB");
        assertThat(i.message()).contains("≈ 20 s at ~100 MB/s for 2.0 GB");
        assertThat(i.evidence().get("row_estimate").asLong()).isEqualTo(5_000_000);
        assertThat(blocking(issues)).containsExactly("index-created-non-concurrently");
    }

    @Test
    void concurrentIndexOutsideATransactionIsSafe() {
        assertThat(blocking(check("create index concurrently idx on users (email);"))).isEmpty();
    }

    @Test
    void concurrentIndexInsideATransactionFailsInEveryWayOfGettingOne() {
        MigrationIssue explicit = find(check("begin;\ncreate index concurrently idx on users (email);\ncommit;"),
                "concurrent-index-in-transaction");
        assertThat(explicit.verdict()).isEqualTo(Verdict.FAILS);
        assertThat(explicit.message()).contains("BEGIN on line 1");
        assertThat(explicit.saferRewrite()).startsWith("COMMIT;");
        assertThat(rules(check("create index concurrently idx on users (email);", RunnerMode.SINGLE_TRANSACTION)))
                .contains("concurrent-index-in-transaction");
        assertThat(rules(check("drop index concurrently users_name_idx;", RunnerMode.SINGLE_TRANSACTION)))
                .contains("concurrent-index-in-transaction");
        assertThat(rules(check("reindex index concurrently users_name_idx;", RunnerMode.SINGLE_TRANSACTION)))
                .contains("concurrent-index-in-transaction");
    }

    @Test
    void supabasePullsConcurrentIndexesOutOfItsBatchUnlessAnExplicitBlockIsOpen() {
        assertThat(blocking(check("set lock_timeout = '2s';\ncreate index concurrently idx on users (email);",
                RunnerMode.SUPABASE))).isEmpty();
        assertThat(rules(check("begin;\ncreate index concurrently idx on users (email);\ncommit;",
                RunnerMode.SUPABASE))).contains("concurrent-index-in-transaction");
        MigrationIssue vacuum = find(check("alter table orders detach partition x concurrently;",
                RunnerMode.SUPABASE), "non-transactional-statement-in-transaction");
        assertThat(vacuum.message()).contains("cannot be executed within a pipeline");
    }

    @Test
    void plainIndexOnATableCreatedEarlierInTheScriptIsFine() {
        List<MigrationIssue> issues = check("create table things (id bigint primary key, name text);\n"
                + "create index things_name_idx on things (name);\ncreate unique index on things (lower(name));");
        assertThat(blocking(issues)).isEmpty();
    }

    @Test
    void partitionedTables() {
        assertThat(find(checkWithTimeout("create index concurrently events_at on events (created_at);"),
                "concurrent-index-on-partitioned-table").verdict()).isEqualTo(Verdict.FAILS);
        List<MigrationIssue> pattern = checkWithTimeout("create index events_at on only events (created_at);\n"
                + "create index concurrently events_2024_at on events_2024 (created_at);\n"
                + "alter index events_at attach partition events_2024_at;");
        assertThat(blocking(pattern)).isEmpty();
        MigrationIssue recursive = find(checkWithTimeout("create index events_at on events (created_at);"),
                "index-created-non-concurrently");
        assertThat(recursive.saferRewrite()).contains("ON ONLY events").contains("ATTACH PARTITION");
    }

    @Test
    void invalidIndexLeftBehindMakesIfNotExistsSilentlySkip() {
        MigrationIssue i = find(check("create index concurrently if not exists users_broken_idx on users (code);"),
                "invalid-index-left-behind");
        assertThat(i.verdict()).isEqualTo(Verdict.FAILS);
        assertThat(i.saferRewrite()).startsWith("DROP INDEX CONCURRENTLY IF EXISTS users_broken_idx;");
    }

    @Test
    void uniqueIndexAsksForADuplicateProbe() {
        MigrationIssue probe = find(check("create unique index concurrently users_email_key on users (email);"),
                "unique-violation-existing-duplicates");
        assertThat(probe.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(probe.evidence().get("probe").asText()).isEqualTo("unique");
        assertThat(probe.evidence().get("table").asText()).isEqualTo("public.users");
        assertThat(probe.evidence().get("columns").get(0).asText()).isEqualTo("email");
        assertThat(probe.evidence().get("query").asText()).isEqualTo(
                "select email, count(*) from users where email is not null group by email having count(*) > 1"
                        + " limit 10");
    }

    @Test
    void dropIndex() {
        MigrationIssue i = find(checkWithTimeout("drop index users_name_idx;"), "index-dropped-non-concurrently");
        assertThat(i.lock()).isEqualTo("AccessExclusiveLock on public.users");
        assertThat(i.saferRewrite()).startsWith("DROP INDEX CONCURRENTLY users_name_idx;");
        assertThat(blocking(check("drop index concurrently users_name_idx;"))).isEmpty();
        assertThat(rules(checkWithTimeout("drop index users_pkey;"))).contains("dependent-object-prevents-drop");
    }

    @Test
    void reindex() {
        MigrationIssue i = find(checkWithTimeout("REINDEX INDEX users_name_idx;"), "reindex-non-concurrently");
        assertThat(i.saferRewrite()).contains("REINDEX INDEX CONCURRENTLY users_name_idx;");
        assertThat(blocking(check("reindex table concurrently users;"))).isEmpty();
    }

    // ------------------------------------------------------------------------------------------- NOT NULL

    @Test
    void setNotNullScansUnlessAValidatedCheckProvesIt() {
        assertThat(blocking(checkWithTimeout("alter table users alter column email set not null;"))).isEmpty();
        List<MigrationIssue> phone = checkWithTimeout("alter table users alter column phone set not null;");
        MigrationIssue scan = find(phone, "set-not-null-full-scan");
        assertThat(scan.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(scan.lock()).isEqualTo("AccessExclusiveLock on public.users");
        assertThat(scan.blocks()).isEqualTo("reads and writes");
        assertThat(scan.saferRewrite()).contains(
                "ALTER TABLE users ADD CONSTRAINT users_phone_not_null CHECK (phone IS NOT NULL) NOT VALID;",
                "ALTER TABLE users VALIDATE CONSTRAINT users_phone_not_null;",
                "ALTER TABLE users ALTER COLUMN phone SET NOT NULL;",
                "ALTER TABLE users DROP CONSTRAINT users_phone_not_null;");
        MigrationIssue probe = find(phone, "not-null-violation-existing-nulls");
        assertThat(probe.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(probe.evidence().get("probe").asText()).isEqualTo("not-null");
        assertThat(probe.evidence().get("query").asText()).isEqualTo(
                "select id from users where phone is null limit 10");
    }

    @Test
    void aNotValidHelperThatWasNeverValidatedDoesNotCount() {
        MigrationIssue scan = find(checkWithTimeout("alter table users alter column nickname set not null;"),
                "set-not-null-full-scan");
        assertThat(scan.message()).contains("NOT VALID and was never validated");
        assertThat(scan.saferRewrite()).startsWith("-- in a separate transaction")
                .contains("VALIDATE CONSTRAINT users_nickname_nn");
    }

    @Test
    void beforePostgres12EvenAValidatedCheckDoesNotHelp() {
        assertThat(rules(check("set lock_timeout = '2s';\nalter table users alter column email set not null;",
                RunnerMode.AUTOCOMMIT, 110000))).contains("set-not-null-full-scan");
    }

    @Test
    void checkPatternInTheScriptCountsOnlyOnceValidatedInAnEarlierTransaction() {
        assertThat(blocking(checkWithTimeout(
                "alter table users add constraint users_phone_nn check (phone is not null) not valid;\n"
                        + "alter table users validate constraint users_phone_nn;\n"
                        + "alter table users alter column phone set not null;\n"
                        + "alter table users drop constraint users_phone_nn;"))).isEmpty();
        List<MigrationIssue> sameTx = check("begin;\nset local lock_timeout = '2s';\n"
                + "alter table users add constraint users_phone_nn check (phone is not null) not valid;\n"
                + "alter table users validate constraint users_phone_nn;\n"
                + "alter table users alter column phone set not null;\ncommit;");
        assertThat(blocking(sameTx)).contains("validate-in-same-transaction", "set-not-null-full-scan")
                .doesNotContain("lock-timeout-missing");
    }

    @Test
    void primaryKeyOnNullableColumnsScans() {
        List<MigrationIssue> issues = checkWithTimeout("alter table users add constraint users_pk2 primary key"
                + " using index users_name_idx;\n");
        assertThat(blocking(issues)).doesNotContain("primary-key-implicit-not-null-scan");
        List<MigrationIssue> nullable = checkWithTimeout(
                "create unique index concurrently users_phone_key on users (phone);\n"
                        + "alter table users add constraint users_phone_pk primary key using index users_phone_key;");
        assertThat(blocking(nullable)).containsExactly("primary-key-implicit-not-null-scan");
        List<MigrationIssue> build = checkWithTimeout("alter table orders drop constraint orders_pkey;\n"
                + "alter table orders add primary key (id);");
        assertThat(blocking(build)).contains("primary-key-blocking-index-build", "drop-primary-key");
        assertThat(rules(build)).contains("unique-violation-existing-duplicates");
    }

    @Test
    void requiredColumnDependsOnWhetherTheTableIsEmpty() {
        MigrationIssue fails = find(checkWithTimeout("alter table users add column tenant int not null;"),
                "adding-not-null-without-default");
        assertThat(fails.verdict()).isEqualTo(Verdict.FAILS);
        assertThat(fails.evidence().get("needs_data_probe").asBoolean()).isTrue();
        assertThat(fails.evidence().get("probe").asText()).isEqualTo("empty");
        MigrationIssue unsafe = find(checkWithTimeout("alter table empty_things add column tenant int not null;"),
                "required-column-breaks-inserts");
        assertThat(unsafe.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(unsafe.evidence().get("needs_data_probe").asBoolean()).isTrue();
        assertThat(blocking(checkWithTimeout("alter table users add column tenant int not null default 1;")))
                .isEmpty();
        assertThat(blocking(checkWithTimeout("alter table users add column tenant int;"))).isEmpty();
    }

    @Test
    void dropNotNullIsReportedAsAdvice() {
        MigrationIssue i = find(checkWithTimeout("alter table users alter column name drop not null;"),
                "drop-not-null");
        assertThat(i.verdict()).isEqualTo(Verdict.SAFE);
    }

    // ------------------------------------------------------------------------------------------- defaults, rewrites

    @Test
    void volatileDefaults() {
        MigrationIssue uuid = find(checkWithTimeout("alter table users add column token uuid default"
                + " gen_random_uuid();"), "volatile-default-rewrite");
        assertThat(uuid.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(uuid.estimate()).isEqualTo("≈ 68 s at ~30 MB/s for 2.0 GB");
        assertThat(uuid.saferRewrite()).contains("ALTER TABLE users ADD COLUMN token uuid;",
                "ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();",
                "UPDATE users SET token = gen_random_uuid() WHERE id IN (SELECT id FROM users WHERE token IS NULL"
                        + " LIMIT 10000);");
        assertThat(uuid.evidence().get("rewrite").asBoolean()).isTrue();
        assertThat(rules(checkWithTimeout("alter table users add column t timestamptz default clock_timestamp();")))
                .contains("volatile-default-rewrite");
        assertThat(rules(checkWithTimeout("alter table users add column t int default slow_random();")))
                .contains("volatile-default-rewrite");
        assertThat(rules(checkWithTimeout("alter table users add column t int default nextval('s');")))
                .contains("volatile-default-rewrite");
        assertThat(rules(checkWithTimeout("alter table users add column t uuid default"
                + " extensions.uuid_generate_v4();"))).contains("volatile-default-rewrite");
        for (String safe : List.of("now()", "current_timestamp", "'x'", "0", "stable_fn()", "lower('A')",
                "'{}'::jsonb", "null")) {
            assertThat(blocking(checkWithTimeout("alter table users add column t text default " + safe + ";")))
                    .as(safe).isEmpty();
        }
        MigrationIssue inlined = find(checkWithTimeout("alter table users add column t int default five();"),
                "volatile-default-rewrite");
        assertThat(inlined.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(inlined.evidence().get("needs_shadow").asBoolean()).isTrue();
        assertThat(rules(check("set lock_timeout = '2s';\nalter table users add column t int default 0;",
                RunnerMode.AUTOCOMMIT, 100000))).contains("volatile-default-rewrite");
    }

    @Test
    void functionsCreatedInTheScriptCountWithTheirDeclaredVolatility() {
        assertThat(rules(checkWithTimeout("create function pick() returns int language plpgsql as $$ begin"
                + " return 1; end $$;\nalter table users add column t int default pick();")))
                .contains("volatile-default-rewrite");
        assertThat(blocking(checkWithTimeout("create function pick() returns int language plpgsql immutable as $$"
                + " begin return 1; end $$;\nalter table users add column t int default pick();"))).isEmpty();
    }

    @Test
    void autoIncrementAndGeneratedColumnsRewrite() {
        assertThat(blocking(checkWithTimeout("alter table users add column seq bigserial;")))
                .containsExactly("auto-increment-column-rewrite");
        assertThat(blocking(checkWithTimeout("alter table users add column seq int generated always as identity;")))
                .containsExactly("auto-increment-column-rewrite");
        assertThat(blocking(checkWithTimeout("alter table users add column doubled numeric generated always as"
                + " (score * 2) stored;"))).containsExactly("stored-generated-column-rewrite");
        assertThat(blocking(check("create table t (id serial primary key, n int generated always as identity);")))
                .isEmpty();
    }

    @Test
    void typeChanges() {
        for (String free : List.of("alter column email type varchar(200)", "alter column email type text",
                "alter column email type varchar", "alter column score type numeric(14,2)",
                "alter column score type numeric", "alter column net type inet", "alter column code type text",
                "alter column code set data type varchar")) {
            assertThat(blocking(checkWithTimeout("alter table users " + free + ";"))).as(free).isEmpty();
        }
        List<MigrationIssue> shorten = checkWithTimeout("alter table users alter column email type varchar(20);");
        assertThat(blocking(shorten)).containsExactly("column-type-change-rewrite");
        MigrationIssue cast = find(shorten, "type-cast-failure-existing-data");
        assertThat(cast.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(cast.evidence().get("probe").asText()).isEqualTo("cast");
        assertThat(cast.evidence().get("from_type").asText()).isEqualTo("character varying(100)");
        assertThat(cast.evidence().get("to_type").asText()).isEqualTo("character varying(20)");
        assertThat(cast.evidence().get("query").asText()).contains("pg_input_is_valid(email::text,"
                + " 'character varying(20)')");
        List<MigrationIssue> widen = checkWithTimeout("alter table users alter column age type bigint;");
        assertThat(rules(widen)).doesNotContain("type-cast-failure-existing-data");
        MigrationIssue bigint = find(widen, "column-type-change-rewrite");
        assertThat(bigint.message()).contains("integer → bigint");
        assertThat(bigint.saferRewrite()).contains("ADD COLUMN age_new bigint", "RENAME COLUMN age_new TO age");
        assertThat(blocking(checkWithTimeout("alter table users alter column score type numeric(10,4);")))
                .containsExactly("column-type-change-rewrite");
        MigrationIssue tz = find(checkWithTimeout("alter table users alter column created_at type timestamptz;"),
                "column-type-change-rewrite");
        assertThat(tz.message()).contains("TimeZone is UTC");
        assertThat(blocking(checkWithTimeout("set time zone 'UTC';\n"
                + "alter table users alter column created_at type timestamptz;"))).isEmpty();
        assertThat(blocking(check("create table t (a int);\nalter table t alter column a type bigint;"))).isEmpty();
    }

    @Test
    void castProbesCarryAQueryOnlyWhenItMatchesPostgresOwnConversion() {
        String viaText = find(checkWithTimeout("alter table users alter column code type integer using code::integer;"),
                "type-cast-failure-existing-data").evidence().get("query").asText();
        assertThat(viaText).isEqualTo("select code from users where code is not null and not"
                + " pg_input_is_valid(code::text, 'integer') limit 10");
        assertThat(find(checkWithTimeout("alter table users alter column code type integer using cast(code as int);"),
                "type-cast-failure-existing-data").evidence().has("query")).isTrue();
        assertThat(find(checkWithTimeout("alter table users alter column score type smallint;"),
                "type-cast-failure-existing-data").evidence().get("query").asText())
                .isEqualTo("select score from users where round(score::numeric) not between -32768 and 32767 limit 10");
        MigrationIssue arbitrary = find(checkWithTimeout("alter table users alter column code type integer using"
                + " length(code);"), "type-cast-failure-existing-data");
        assertThat(arbitrary.evidence().has("query")).isFalse();
        assertThat(arbitrary.evidence().get("query_unavailable").asText()).contains("no row-by-row test");
        assertThat(find(check("set lock_timeout = '2s';\nalter table users alter column email type varchar(5);",
                RunnerMode.AUTOCOMMIT, 150000), "type-cast-failure-existing-data").evidence().has("query")).isFalse();
    }

    @Test
    void domainAndEnumProbesHaveQueries() {
        assertThat(find(checkWithTimeout("alter domain positive_int add constraint positive check (value > 0);"),
                "check-violation-existing-rows").evidence().get("query").asText())
                .isEqualTo("select * from (select 'public.orders.qty' as col, qty::text as value from orders where"
                        + " not (qty > 0)) v limit 10");
        assertThat(find(check("alter type mood rename value 'sad' to 'unhappy';"), "enum-value-rename").evidence()
                .get("query").asText()).isEqualTo("select 'public.users.status' as col, count(*) from users where"
                + " status::text = 'sad' having count(*) > 0");
    }

    // ------------------------------------------------------------------------------------------- constraints

    @Test
    void foreignKeys() {
        List<MigrationIssue> valid = checkWithTimeout("alter table orders add constraint orders_user_fk foreign key"
                + " (user_id) references users (id);");
        MigrationIssue fk = find(valid, "foreign-key-without-not-valid");
        assertThat(fk.lock()).isEqualTo("ShareRowExclusiveLock on public.orders and public.users");
        assertThat(fk.blocks()).isEqualTo("writes");
        assertThat(fk.saferRewrite()).isEqualTo("ALTER TABLE orders ADD CONSTRAINT orders_user_fk foreign key"
                + " (user_id) references users (id) NOT VALID;\n-- in a separate transaction"
                + " (ShareUpdateExclusiveLock: writes continue):\nALTER TABLE orders VALIDATE CONSTRAINT"
                + " orders_user_fk;");
        MigrationIssue probe = find(valid, "fk-violation-orphan-rows");
        assertThat(probe.evidence().get("probe").asText()).isEqualTo("fk");
        assertThat(probe.evidence().get("referenced_table").asText()).isEqualTo("public.users");
        assertThat(probe.blocks()).isEqualTo("writes");
        assertThat(probe.evidence().get("query").asText()).isEqualTo("select c.user_id from orders c where"
                + " c.user_id is not null and not exists (select 1 from users r where r.id = c.user_id) limit 10");
        List<MigrationIssue> notValid = checkWithTimeout("alter table orders add constraint orders_user_fk foreign"
                + " key (user_id) references users (id) not valid;\n"
                + "alter table orders validate constraint orders_user_fk;");
        assertThat(blocking(notValid)).isEmpty();
        assertThat(rules(notValid)).contains("fk-violation-orphan-rows");
        assertThat(find(notValid, "fk-violation-orphan-rows").statementIndex()).isEqualTo(3);
        assertThat(rules(checkWithTimeout("alter table orders add column buyer bigint references users;")))
                .contains("foreign-key-without-not-valid");
    }

    @Test
    void unnamedConstraintsGetPostgresDefaultNamesInTheRewrite() {
        MigrationIssue fk = find(checkWithTimeout("alter table orders add foreign key (user_id) references users;"),
                "foreign-key-without-not-valid");
        assertThat(fk.saferRewrite()).contains("ADD CONSTRAINT orders_user_id_fkey foreign key (user_id) references"
                + " users NOT VALID;");
        MigrationIssue chk = find(checkWithTimeout("alter table orders add check (amount >= 0);"),
                "check-constraint-without-not-valid");
        assertThat(chk.saferRewrite()).contains("ADD CONSTRAINT orders_amount_check check (amount >= 0) NOT VALID;");
        assertThat(find(checkWithTimeout("alter table orders add check (amount >= 0);"),
                "check-violation-existing-rows").evidence().get("query").asText())
                .isEqualTo("select id from orders where not (amount >= 0) limit 10");
    }

    @Test
    void validateInTheSameTransactionAsTheAdd() {
        MigrationIssue i = find(check("begin;\nset local lock_timeout = '2s';\n"
                        + "alter table orders add constraint amount_positive check (amount > 0) not valid;\n"
                        + "alter table orders validate constraint amount_positive;\ncommit;"),
                "validate-in-same-transaction");
        assertThat(i.lock()).isEqualTo("AccessExclusiveLock on public.orders");
        assertThat(i.message()).contains("statement 3 (line 3) added amount_positive");
        assertThat(rules(check("set lock_timeout = '2s';\n"
                + "alter table orders add constraint amount_positive check (amount > 0) not valid;\n"
                + "alter table orders validate constraint amount_positive;", RunnerMode.SINGLE_TRANSACTION)))
                .contains("validate-in-same-transaction");
        assertThat(rules(check("set lock_timeout = '2s';\n"
                + "alter table orders add constraint amount_positive check (amount > 0) not valid;\n"
                + "alter table orders validate constraint amount_positive;", RunnerMode.SUPABASE)))
                .contains("validate-in-same-transaction");
    }

    @Test
    void uniqueAndExclusionConstraints() {
        MigrationIssue u = find(checkWithTimeout("alter table users add constraint users_email_key unique (email);"),
                "unique-constraint-blocking-index-build");
        assertThat(u.saferRewrite()).isEqualTo("CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);"
                + "  -- outside a transaction block\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING"
                + " INDEX users_email_key;");
        assertThat(blocking(checkWithTimeout("create unique index concurrently users_email_key on users (email);\n"
                + "alter table users add constraint users_email_key unique using index users_email_key;")))
                .isEmpty();
        assertThat(blocking(checkWithTimeout("alter table orders add constraint no_overlap exclude using gist"
                + " (user_id with =);"))).containsExactly("exclusion-constraint-blocking");
    }

    @Test
    void domainConstraints() {
        MigrationIssue d = find(checkWithTimeout("alter domain positive_int add constraint positive check"
                + " (value > 0);"), "domain-constraint-validation");
        assertThat(d.lock()).isEqualTo("ShareLock on public.orders");
        assertThat(rules(checkWithTimeout("alter domain positive_int add constraint positive check (value > 0);")))
                .contains("check-violation-existing-rows");
        assertThat(blocking(checkWithTimeout("alter domain positive_int add constraint positive check (value > 0)"
                + " not valid;"))).isEmpty();
    }

    // ------------------------------------------------------------------------------------------- maintenance

    @Test
    void rewritingMaintenance() {
        assertThat(blocking(checkWithTimeout("vacuum full users;"))).containsExactly("vacuum-full-or-cluster");
        assertThat(blocking(checkWithTimeout("vacuum (full, analyze) users;"))).containsExactly("vacuum-full-or-cluster");
        assertThat(blocking(checkWithTimeout("vacuum analyze users;"))).isEmpty();
        assertThat(blocking(checkWithTimeout("cluster users using users_name_idx;")))
                .containsExactly("vacuum-full-or-cluster");
        assertThat(blocking(checkWithTimeout("alter table users set unlogged;")))
                .containsExactly("set-logged-unlogged-rewrite");
    }

    @Test
    void materializedViews() {
        MigrationIssue plain = find(checkWithTimeout("refresh materialized view user_stats;"),
                "refresh-matview-non-concurrently");
        assertThat(plain.saferRewrite()).contains("CREATE UNIQUE INDEX CONCURRENTLY user_stats_key");
        assertThat(find(check("refresh materialized view concurrently user_stats;"),
                "refresh-concurrently-requires-unique-index").verdict()).isEqualTo(Verdict.FAILS);
        assertThat(blocking(checkWithTimeout("refresh materialized view concurrently user_stats_keyed;"))).isEmpty();
        assertThat(rules(check("refresh materialized view concurrently user_stats_keyed;"))).contains("lock-timeout-missing");
    }

    @Test
    void partitionsAttachAndDetach() {
        assertThat(blocking(checkWithTimeout("alter table events detach partition events_2023;")))
                .containsExactly("detach-partition-non-concurrently");
        assertThat(blocking(check("alter table events detach partition events_2023 concurrently;"))).isEmpty();
        assertThat(rules(check("begin;\nalter table events detach partition events_2023 concurrently;\ncommit;")))
                .contains("non-transactional-statement-in-transaction");
        assertThat(blocking(checkWithTimeout("alter table events attach partition orders for values from"
                + " ('2024-01-01') to ('2025-01-01');"))).containsExactly("attach-partition-full-scan");
        assertThat(blocking(checkWithTimeout("create table events_2026 (like events);\n"
                + "alter table events attach partition events_2026 for values from ('2026-01-01') to"
                + " ('2027-01-01');"))).isEmpty();
    }

    // ------------------------------------------------------------------------------------------- DML, transactions

    @Test
    void unbatchedBackfill() {
        MigrationIssue i = find(check("update users set status = 'happy';"), "unbatched-backfill");
        assertThat(i.saferRewrite()).contains("UPDATE users SET status = 'happy' WHERE id IN (SELECT id FROM users");
        assertThat(rules(check("update users set phone = '' where phone is null;"))).contains("unbatched-backfill");
        assertThat(rules(check("update users set phone = '' where id = 42;"))).doesNotContain("unbatched-backfill");
        assertThat(rules(check("update empty_things set label = 'x';"))).doesNotContain("unbatched-backfill");
        assertThat(rules(check("delete from users;"))).contains("unbatched-backfill");
    }

    @Test
    void workWhileHoldingAccessExclusive() {
        MigrationIssue i = find(check("begin;\nset local lock_timeout = '2s';\nalter table users add column x int;\n"
                + "update orders set amount = 0 where id < 100;\ncommit;"), "work-while-holding-access-exclusive");
        assertThat(i.statementIndex()).isEqualTo(4);
        assertThat(i.lock()).isEqualTo("AccessExclusiveLock on public.users");
        assertThat(i.message()).contains("statement 3 (line 3");
        assertThat(rules(checkWithTimeout("alter table users add column x int;\n"
                + "update orders set amount = 0 where id < 100;"))).doesNotContain("work-while-holding-access-exclusive");
    }

    @Test
    void lockTimeout() {
        MigrationIssue missing = find(check("alter table users add column x int;\nalter table orders add column y"
                + " int;"), "lock-timeout-missing");
        assertThat(missing.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(missing.statementIndex()).isEqualTo(1);
        assertThat(missing.message()).contains("statement 1 (line 1): AccessExclusiveLock on public.users",
                "statement 2 (line 2): AccessExclusiveLock on public.orders");
        assertThat(missing.evidence().get("requests")).hasSize(2);
        assertThat(missing.saferRewrite()).startsWith("SET lock_timeout = '2s';");
        assertThat(rules(check("set lock_timeout = '3s';\nalter table users add column x int;")))
                .doesNotContain("lock-timeout-missing");
        assertThat(rules(check("select set_config('lock_timeout', '3s', false);\nalter table users add column x"
                + " int;"))).doesNotContain("lock-timeout-missing");
        assertThat(rules(check("begin;\nset local lock_timeout to 3000;\nalter table users add column x int;\n"
                + "commit;"))).doesNotContain("lock-timeout-missing");
        assertThat(find(check("set local lock_timeout = '2s';\nalter table users add column x int;"),
                "lock-timeout-missing").message()).contains("SET LOCAL on line 1 runs outside a transaction block");
        assertThat(rules(check("set lock_timeout = 0;\nalter table users add column x int;")))
                .contains("lock-timeout-missing");
        assertThat(rules(check("set lock_timeout = '2s';\nreset lock_timeout;\nalter table users add column x int;")))
                .contains("lock-timeout-missing");
        assertThat(rules(check("begin;\nset local lock_timeout = '2s';\ncommit;\nalter table users add column x"
                + " int;"))).contains("lock-timeout-missing");
        assertThat(rules(check("create table t (id int);\nalter table t add column x int;\n"
                + "comment on table users is 'people';\ncreate index concurrently i on users (phone);")))
                .doesNotContain("lock-timeout-missing");
        assertThat(rules(check("lock table users in access exclusive mode nowait;")))
                .doesNotContain("lock-timeout-missing");
        assertThat(rules(check("create table child (id int, user_id bigint references users (id));")))
                .contains("lock-timeout-missing");
    }

    @Test
    void transactionsLeftOpenAndNested() {
        MigrationIssue open = find(check("begin;\nset local lock_timeout = '1s';\nalter table users add column x"
                + " int;"), "transaction-left-open");
        assertThat(open.verdict()).isEqualTo(Verdict.FAILS);
        assertThat(open.statementIndex()).isEqualTo(1);
        assertThat(rules(check("begin;\nselect 1;\ncommit;"))).doesNotContain("transaction-left-open");
        MigrationIssue nested = find(check("begin;\nselect 1;\ncommit;", RunnerMode.SINGLE_TRANSACTION),
                "transaction-nesting");
        assertThat(nested.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(find(check("begin;\nbegin;\ncommit;"), "transaction-nesting").verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void enumValues() {
        MigrationIssue used = find(check("begin;\nalter type mood add value 'meh';\n"
                + "insert into users (id, name, status) values (1, 'a', 'meh');\ncommit;"),
                "enum-value-used-in-same-transaction");
        assertThat(used.verdict()).isEqualTo(Verdict.FAILS);
        assertThat(used.statementIndex()).isEqualTo(3);
        assertThat(blocking(check("alter type mood add value 'meh';\n"
                + "insert into empty_things (id, label) values (1, 'meh');"))).isEmpty();
        assertThat(rules(check("alter type mood add value 'meh';", RunnerMode.AUTOCOMMIT, 110000)))
                .doesNotContain("non-transactional-statement-in-transaction");
        assertThat(rules(check("alter type mood add value 'meh';", RunnerMode.SINGLE_TRANSACTION, 110000)))
                .contains("non-transactional-statement-in-transaction");
        MigrationIssue rename = find(check("alter type mood rename value 'sad' to 'unhappy';"), "enum-value-rename");
        assertThat(rename.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(rename.evidence().get("probe").asText()).isEqualTo("enum-label");
        assertThat(rename.evidence().get("columns").get(0).get("table").asText()).isEqualTo("public.users");
    }

    // ------------------------------------------------------------------------------------------- destructive

    @Test
    void dropsAndDependents() {
        assertThat(blocking(checkWithTimeout("alter table users drop column phone;"))).containsExactly("drop-column");
        assertThat(blocking(checkWithTimeout("alter table users drop column email;")))
                .containsExactly("drop-column", "dependent-object-prevents-drop");
        assertThat(find(checkWithTimeout("alter table users drop column email;"), "dependent-object-prevents-drop")
                .message()).contains("view public.active_users");
        assertThat(blocking(checkWithTimeout("alter table users drop column email cascade;")))
                .containsExactly("drop-column", "cascade-drops-dependents");
        List<MigrationIssue> table = checkWithTimeout("drop table users;");
        assertThat(blocking(table)).containsExactly("drop-table", "dependent-object-prevents-drop");
        assertThat(find(table, "dependent-object-prevents-drop").message())
                .contains("view public.active_users", "foreign key orders_user_id_fkey on public.orders");
        assertThat(blocking(checkWithTimeout("drop table users cascade;")))
                .containsExactly("drop-table", "cascade-drops-dependents");
        assertThat(blocking(checkWithTimeout("drop view active_users;\n"
                + "drop materialized view user_stats, user_stats_keyed;\ndrop table orders, users;")))
                .containsExactly("drop-table", "drop-table");
        assertThat(blocking(check("create table t (id int);\ndrop table t;"))).isEmpty();
        assertThat(blocking(checkWithTimeout("drop schema legacy;")))
                .containsExactly("drop-schema", "dependent-object-prevents-drop");
        assertThat(blocking(checkWithTimeout("drop schema legacy cascade;"))).containsExactly("drop-schema");
        assertThat(blocking(checkWithTimeout("drop type mood;"))).containsExactly("dependent-object-prevents-drop");
        assertThat(blocking(check("drop database app;"))).contains("drop-database");
        assertThat(blocking(checkWithTimeout("alter table users drop constraint users_pkey;")))
                .containsExactly("drop-primary-key", "dependent-object-prevents-drop");
        assertThat(find(checkWithTimeout("alter table orders drop constraint orders_user_id_fkey;"),
                "drop-foreign-key").verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void renamesAndTruncates() {
        assertThat(blocking(checkWithTimeout("alter table users rename column phone to mobile;")))
                .containsExactly("rename-column");
        assertThat(blocking(checkWithTimeout("alter table users rename to people;"))).containsExactly("rename-table");
        assertThat(blocking(check("begin;\nset local lock_timeout = '2s';\nalter table users rename to people;\n"
                + "create view users as select * from people;\ncommit;"))).isEmpty();
        assertThat(blocking(checkWithTimeout("alter schema legacy rename to archive;"))).containsExactly("rename-schema");
        assertThat(blocking(checkWithTimeout("truncate empty_things;"))).containsExactly("truncate-table");
        assertThat(blocking(checkWithTimeout("truncate users;")))
                .containsExactly("truncate-table", "dependent-object-prevents-drop");
        assertThat(blocking(checkWithTimeout("truncate table users cascade;")))
                .containsExactly("truncate-table", "truncate-cascade");
    }

    // ------------------------------------------------------------------------------------------- advice

    @Test
    void adviceRulesAreSafe() {
        List<MigrationIssue> issues = checkWithTimeout("create table child (id bigint primary key, user_id bigint"
                + " references users (id), doc json);\n"
                + "create trigger t_touch before update on users for each row execute function touch();\n"
                + "alter table users set (autovacuum_enabled = false);\n"
                + "alter table users replica identity full;\n"
                + "alter table users add column a int;\nalter table users add column b int;");
        assertThat(rules(issues)).contains("fk-missing-index", "json-column-instead-of-jsonb",
                "create-trigger-blocks-writes", "autovacuum-disabled", "replica-identity-change",
                "multiple-alter-table-same-target");
        assertThat(blocking(issues)).isEmpty();
        assertThat(find(issues, "fk-missing-index").saferRewrite())
                .isEqualTo("CREATE INDEX child_user_id_idx ON child (user_id);");
        assertThat(rules(checkWithTimeout("create table child (id bigint primary key, user_id bigint references"
                + " users (id));\ncreate index on child (user_id);"))).doesNotContain("fk-missing-index");
    }

    @Test
    void cicOnBuggyPostgres14() {
        assertThat(rules(check("create index concurrently i on users (phone);", RunnerMode.AUTOCOMMIT, 140002)))
                .contains("cic-index-corruption-pg14.0-14.3");
    }

    @Test
    void searchPathChangesTheDefaultSchema() {
        assertThat(blocking(checkWithTimeout("set search_path = legacy, public;\n"
                + "create index on old_stuff (id);"))).containsExactly("index-created-non-concurrently");
        assertThat(find(checkWithTimeout("set search_path = legacy, public;\ncreate index on old_stuff (id);"),
                "index-created-non-concurrently").lock()).isEqualTo("ShareLock on legacy.old_stuff");
    }

    @Test
    void everyIssueCarriesTheBasics() {
        String everything = "create index i on users (phone);\nalter table users alter column phone set not null;\n"
                + "alter table users add column t uuid default gen_random_uuid();\nvacuum full orders;\n"
                + "drop table orders;\ntruncate empty_things;\nbegin;\ncreate index concurrently j on users (phone);";
        List<MigrationIssue> issues = check(everything);
        assertThat(issues).isNotEmpty().allSatisfy(i -> {
            assertThat(i.layer()).isEqualTo(MigrationIssue.Layer.STATIC);
            assertThat(i.statementIndex()).isPositive();
            assertThat(i.line()).isPositive();
            assertThat(i.message()).isNotBlank();
            assertThat(i.blocks()).isNotNull();
            assertThat(i.evidence()).isNotNull();
            if (i.verdict() != Verdict.SAFE) assertThat(i.saferRewrite()).as(i.ruleId()).isNotBlank();
        });
        assertThat(issues).extracting(MigrationIssue::statementIndex).isSorted();
    }

    @Test
    void estimatesAndSizes() {
        assertThat(StaticRules.estimate(2 * GB, StaticRules.SCAN_BYTES_PER_SECOND))
                .isEqualTo("≈ 20 s at ~100 MB/s for 2.0 GB");
        assertThat(StaticRules.estimate(48 * 1024, StaticRules.SCAN_BYTES_PER_SECOND)).isEqualTo("< 1 s for 48 kB");
        assertThat(StaticRules.estimate(-1, StaticRules.SCAN_BYTES_PER_SECOND)).isNull();
        assertThat(StaticRules.estimate(400 * GB, StaticRules.REWRITE_BYTES_PER_SECOND))
                .isEqualTo("≈ 3.8 h at ~30 MB/s for 400 GB");
        assertThat(StaticRules.size(1200L * 1024 * 1024)).isEqualTo("1.2 GB");
    }

    @Test
    void typeNormalisation() {
        assertThat(StaticRules.normalizeType("varchar(20)").formatted()).isEqualTo("character varying(20)");
        assertThat(StaticRules.normalizeType("int4").formatted()).isEqualTo("integer");
        assertThat(StaticRules.normalizeType("timestamptz(3)").formatted()).isEqualTo("timestamp(3) with time zone");
        assertThat(StaticRules.normalizeType("timestamp(3) without time zone").formatted())
                .isEqualTo("timestamp(3) without time zone");
        assertThat(StaticRules.normalizeType("decimal(10)").formatted()).isEqualTo("numeric(10,0)");
        assertThat(StaticRules.normalizeType("text[]").formatted()).isEqualTo("text[]");
        assertThat(StaticRules.normalizeType("public.mood").formatted()).isEqualTo("mood");
        assertThat(StaticRules.normalizeType("double precision").formatted()).isEqualTo("double precision");
        assertThat(StaticRules.normalizeType("char").formatted()).isEqualTo("character(1)");
        assertThat(StaticRules.normalizeType("bigserial").serial()).isTrue();
    }

    @Test
    void simulateBuildsACatalogFromDdl() {
        MigrationScript setup = MigrationScript.parse("setup.sql", "create type mood as enum ('a', 'b');\n"
                + "create table t (id serial primary key, email varchar(50) not null unique, m mood,"
                + " parent int references t (id));\n"
                + "insert into t (email) select 'x' || g from generate_series(1, 500) g;\n"
                + "alter table t add constraint t_m_nn check (m is not null) not valid;\n"
                + "create view v as select id, email from t;\ncreate index t_parent_idx on t (parent);");
        Catalog c = StaticRules.simulate(StaticRules.emptyCatalog(), setup);
        Table t = c.table("public", "t").orElseThrow();
        assertThat(t.stats().rowEstimate()).isEqualTo(500);
        assertThat(t.column("email").orElseThrow().type()).isEqualTo("character varying(50)");
        assertThat(t.column("email").orElseThrow().notNull()).isTrue();
        assertThat(t.column("id").orElseThrow().defaultValue()).startsWith("nextval(");
        assertThat(t.constraints()).extracting(Constraint::name)
                .containsExactlyInAnyOrder("t_pkey", "t_email_key", "t_parent_fkey", "t_m_nn");
        assertThat(t.constraints().stream().filter(x -> x.name().equals("t_m_nn")).findFirst().orElseThrow()
                .validated()).isFalse();
        assertThat(t.indexes()).extracting(Index::name).contains("t_pkey", "t_email_key", "t_parent_idx");
        assertThat(c.view("public", "v")).isPresent();
        assertThat(c.enums()).singleElement().satisfies(e -> assertThat(e.labels()).containsExactly("a", "b"));
    }

    // ------------------------------------------------------------------------------------------- the corpus

    /**
     * One corpus case (src/test/resources/io/dbwarden/migrate/cases/NNN-name.sql). Header lines {@code -- key: value}
     * (expect, rules, mode, why, absent, not-checked, fixture) come first; then blocks that start at a line that is
     * exactly {@code -- setup:}, {@code -- data:} or {@code -- migration:} and run to the next block header.
     * {@code fixture: NAME} puts cases/fixtures/NAME.sql before the setup block, for a schema several cases share.
     * {@code not-checked: yes}: the report must say that a data probe could not be run (the rows are not knowable).
     */
    record CorpusCase(String name, Verdict expect, List<String> rules, List<String> absent, RunnerMode mode,
                      String why, boolean notChecked, String setup, String data, String migration) {

        static final Pattern HEADER = Pattern.compile("^-- (expect|rules|mode|why|absent|not-checked|fixture):\\s*(.*)$");
        static final Pattern BLOCK = Pattern.compile("^-- (setup|data|migration):\\s*$");

        static CorpusCase parse(String name, String text) {
            Map<String, String> headers = new LinkedHashMap<>();
            Map<String, StringBuilder> blocks = new LinkedHashMap<>();
            StringBuilder current = null;
            for (String line : text.split("\n", -1)) {
                Matcher b = BLOCK.matcher(line);
                if (b.matches()) {
                    current = blocks.computeIfAbsent(b.group(1), k -> new StringBuilder());
                    continue;
                }
                Matcher h = HEADER.matcher(line);
                if (current == null && h.matches()) {
                    headers.merge(h.group(1), h.group(2).trim(), (x, y) -> x + " " + y);
                    continue;
                }
                if (current != null) current.append(line).append('\n');
            }
            String expect = headers.get("expect");
            if (expect == null || blocks.get("migration") == null) {
                throw new IllegalArgumentException(name + ": needs -- expect: and a -- migration: block");
            }
            String fixture = headers.get("fixture") == null ? "" : fixture(headers.get("fixture"));
            return new CorpusCase(name, Verdict.valueOf(expect.toUpperCase(Locale.ROOT)), list(headers.get("rules")),
                    list(headers.get("absent")),
                    RunnerMode.valueOf(headers.getOrDefault("mode", "autocommit").toUpperCase(Locale.ROOT)),
                    headers.getOrDefault("why", ""), "yes".equals(headers.get("not-checked")),
                    fixture + text(blocks.get("setup")), text(blocks.get("data")), text(blocks.get("migration")));
        }

        private static String fixture(String name) {
            try {
                return Files.readString(directory().resolve("fixtures").resolve(name + ".sql"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static List<String> list(String value) {
            if (value == null || value.isBlank() || value.equals("none")) return List.of();
            return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        private static String text(StringBuilder sb) {
            return sb == null ? "" : sb.toString();
        }

        static Path directory() {
            try {
                return Path.of(StaticRulesTest.class.getResource("cases").toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Every case, in file-name order. */
        static List<CorpusCase> all() {
            try (Stream<Path> files = Files.list(directory())) {
                return files.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted()
                        .map(p -> {
                            try {
                                return parse(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Rules only the data layer can confirm: the static layer emits them as SAFE probe requests. */
    static final Set<String> DATA_RULES = Set.of("not-null-violation-existing-nulls",
            "unique-violation-existing-duplicates", "fk-violation-orphan-rows", "check-violation-existing-rows",
            "type-cast-failure-existing-data");

    /**
     * The corpus's target catalog without a database: the setup (and data) DDL replayed through the static
     * layer's own schema model, plus the two superuser tricks some cases use to fake statistics or an invalid index.
     */
    static Catalog corpusCatalog(CorpusCase c) {
        String sql = c.setup() + "\n" + c.data();
        Catalog catalog = StaticRules.simulate(StaticRules.emptyCatalog(), MigrationScript.parse("setup.sql", sql));
        Matcher stats = Pattern.compile("update pg_class set reltuples = (\\d+), relpages = (\\d+) where oid ="
                + " '([\\w.]+)'::regclass").matcher(sql);
        Matcher invalid = Pattern.compile("update pg_index set indisvalid = false where indexrelid ="
                + " '([\\w.]+)'::regclass").matcher(sql);
        List<Table> tables = new ArrayList<>(catalog.tables());
        while (stats.find()) {
            String name = stats.group(3);
            long rows = Long.parseLong(stats.group(1));
            long bytes = Long.parseLong(stats.group(2)) * 8192;
            tables.replaceAll(t -> !t.name().equals(name) ? t : new Table(t.schema(), t.name(), t.kind(), t.owner(),
                    t.comment(), t.rlsEnabled(), t.rlsForced(), t.columns(), t.constraints(), t.indexes(),
                    t.policies(), t.triggers(), t.grants(), new Catalog.Stats(rows, bytes)));
        }
        while (invalid.find()) {
            String name = invalid.group(1);
            tables.replaceAll(t -> new Table(t.schema(), t.name(), t.kind(), t.owner(), t.comment(), t.rlsEnabled(),
                    t.rlsForced(), t.columns(), t.constraints(), t.indexes().stream().map(i -> !i.name().equals(name)
                    ? i : new Index(i.name(), i.columns(), i.definition(), i.method(), i.unique(), i.primary(), false,
                    i.predicate(), i.sizeBytes())).toList(), t.policies(), t.triggers(), t.grants(), t.stats()));
        }
        return new Catalog(catalog.database(), 170000, catalog.schemas(), catalog.extensions(), tables,
                catalog.views(), catalog.functions(), catalog.enums(), catalog.compositeTypes(), catalog.domains(),
                catalog.sequences());
    }

    @Test
    void corpusIsLargeAndCoversEveryRuleOfSections21To23() {
        List<CorpusCase> cases = CorpusCase.all();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
        Set<String> covered = new java.util.HashSet<>();
        cases.forEach(c -> covered.addAll(c.rules()));
        assertThat(covered).contains("index-created-non-concurrently", "index-dropped-non-concurrently",
                "reindex-non-concurrently", "set-not-null-full-scan", "primary-key-implicit-not-null-scan",
                "volatile-default-rewrite", "stored-generated-column-rewrite", "auto-increment-column-rewrite",
                "column-type-change-rewrite", "foreign-key-without-not-valid", "check-constraint-without-not-valid",
                "validate-in-same-transaction", "unique-constraint-blocking-index-build",
                "primary-key-blocking-index-build", "exclusion-constraint-blocking", "domain-constraint-validation",
                "vacuum-full-or-cluster", "set-logged-unlogged-rewrite", "refresh-matview-non-concurrently",
                "detach-partition-non-concurrently", "unbatched-backfill", "work-while-holding-access-exclusive",
                "lock-timeout-missing",
                "drop-column", "drop-table", "drop-schema", "cascade-drops-dependents", "rename-column",
                "rename-table", "truncate-table", "truncate-cascade", "enum-value-rename",
                "required-column-breaks-inserts",
                "concurrent-index-in-transaction", "non-transactional-statement-in-transaction",
                "concurrent-index-on-partitioned-table", "invalid-index-left-behind",
                "adding-not-null-without-default", "not-null-violation-existing-nulls",
                "unique-violation-existing-duplicates", "fk-violation-orphan-rows", "check-violation-existing-rows",
                "type-cast-failure-existing-data", "dependent-object-prevents-drop",
                "enum-value-used-in-same-transaction", "refresh-concurrently-requires-unique-index",
                "transaction-left-open");
        assertThat(cases.stream().filter(c -> c.expect() == Verdict.SAFE).count()).isGreaterThanOrEqualTo(20);
    }

    /**
     * The static layer on every corpus case, against a catalog replayed from the case's setup: the script parses
     * without problems; every listed rule is reported (data rules as SAFE probe requests); no listed "absent" rule
     * is; the static verdict never exceeds the expected one; and where no data rule is listed the static verdict
     * equals the expected one (the shadow and data layers only add what needs execution or rows).
     */
    @TestFactory
    Stream<DynamicTest> corpus() {
        return CorpusCase.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            MigrationScript script = MigrationScript.parse(c.name(), c.migration());
            assertThat(script.problems()).as("problems").isEmpty();
            assertThat(MigrationScript.parse("setup", c.setup() + c.data()).problems()).as("setup problems").isEmpty();
            StaticRules.Checker checker = new StaticRules.Checker(script, corpusCatalog(c), c.mode(), 170000);
            checker.strict = true;
            List<MigrationIssue> issues = checker.run();
            List<String> reported = rules(issues);
            String detail = c.name() + " reported " + issues.stream().map(i -> i.ruleId() + "/" + i.verdict().id()
                    + "@" + i.statementIndex()).toList();
            assertThat(reported).as(detail).containsAll(c.rules());
            if (!c.absent().isEmpty()) assertThat(reported).as(detail).doesNotContainAnyElementsOf(c.absent());
            Verdict worst = issues.stream().map(MigrationIssue::verdict).reduce(Verdict.SAFE, Verdict::worst);
            assertThat(worst.ordinal()).as(detail + ": static verdict " + worst.id() + " exceeds expected "
                    + c.expect().id()).isLessThanOrEqualTo(c.expect().ordinal());
            boolean dataDecides = c.rules().stream().anyMatch(DATA_RULES::contains);
            if (!dataDecides) {
                assertThat(worst).as(detail + ": static verdict").isEqualTo(c.expect());
            }
        }));
    }
}
