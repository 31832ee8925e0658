package io.dbwarden.db;

import io.dbwarden.db.SqlGuard.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SqlGuardTest {

    /** provolatile of the functions these tests call, as PostgreSQL ships them, plus a few user functions. */
    private static final Map<String, String> VOLATILITY = Map.ofEntries(
            Map.entry("now", "s"), Map.entry("lower", "i"), Map.entry("count", "i"), Map.entry("sum", "i"),
            Map.entry("coalesce", ""), Map.entry("generate_series", "i"), Map.entry("percentile_cont", "i"),
            Map.entry("row_number", "i"), Map.entry("jsonb_build_object", "s"), Map.entry("pg_size_pretty", "i"),
            Map.entry("current_setting", "s"), Map.entry("format", "s"), Map.entry("date_trunc", "is"),
            Map.entry("random", "v"), Map.entry("gen_random_uuid", "v"), Map.entry("clock_timestamp", "v"),
            Map.entry("pg_relation_size", "v"), Map.entry("pg_total_relation_size", "v"),
            Map.entry("nextval", "v"), Map.entry("setval", "v"), Map.entry("currval", "v"), Map.entry("setseed", "v"),
            Map.entry("pg_sleep", "v"), Map.entry("pg_read_file", "v"), Map.entry("set_config", "v"),
            Map.entry("txid_current", "s"), Map.entry("pg_backend_pid", "s"), Map.entry("system", "v"),
            Map.entry("audit_touch", "sv"), Map.entry("reset_account", "v"), Map.entry("t", "v"),
            Map.entry("x", "v"), Map.entry("g", "v"));

    private static final FunctionLookup FUNCTIONS = (schema, name) -> {
        Set<Character> out = new HashSet<>();
        for (String key : new String[] {name, schema + "." + name}) {
            for (char c : VOLATILITY.getOrDefault(key, "").toCharArray()) out.add(c);
        }
        return out;
    };

    private static Verdict check(String sql) {
        return SqlGuard.check(sql, FUNCTIONS);
    }

    private static void assertAllowed(String sql) {
        Verdict v = check(sql);
        assertThat(v.allowed()).as("allowed: %s (message: %s)", sql, v.message()).isTrue();
        assertThat(v.message()).isEmpty();
        assertThat(v.statementCount()).isEqualTo(1);
    }

    private static String refusal(String sql) {
        Verdict v = check(sql);
        assertThat(v.allowed()).as("refused: %s", sql).isFalse();
        assertThat(v.message()).isNotBlank();
        return v.message();
    }

    // --- allowed

    @ParameterizedTest
    @ValueSource(strings = {
            "select 1",
            "select 1;",
            "  SELECT 1 ; ; ",
            "select now(), lower('X'), count(*) from users where id in (1, 2) and exists (select 1)",
            "with recursive t(n) as (select 1 union all select n + 1 from t where n < 5) select * from t",
            "with x(a, b) as materialized (select 1, 2) select * from x",
            "with x as not materialized (values (1)) table x",
            "values (1, 'a'), (2, 'b')",
            "table users",
            "(select 1) union all (select 2)",
            "show search_path",
            "show transaction isolation level",
            "select '1'::numeric(10, 2), cast('x' as varchar(20)), timestamp(3) '2020-01-01', '1'::bit(3)",
            "select cast(now() as time(3) with time zone), interval(2) '1 day', '1'::character varying(5)",
            "select count(*) filter (where x > 1) over (partition by y order by z) from t",
            "select percentile_cont(0.5) within group (order by x) from t",
            "select * from generate_series(1, 3) as g(n)",
            "select * from generate_series(1, 3) s(n)",
            "select * from users tablesample system (10) repeatable (1)",
            "select x from t order by x nulls first limit 5 offset 1",
            "select extract(epoch from now()), substring('abc' from 1 for 2), trim(both ' ' from 'a')",
            "select a from t where a = any(array[1, 2]) and b = all(select 1) and c = some(select 2)",
            "select row(1, 2), array(select 1), coalesce(null, 1), nullif(1, 2), greatest(1, 2)",
            "select * from t join u using (id) join v on (t.id = v.id)",
            "select distinct on (a) a, b from t",
            "select random(), gen_random_uuid(), clock_timestamp()",
            "select pg_size_pretty(pg_total_relation_size('users')), pg_catalog.pg_relation_size('users')",
            "select t.update, t.delete, t.into, t.copy from t",
            "select \"delete\", \"update\" from \"insert\"",
            "select 'delete from users; drop table x'",
            "select $$ ; drop table users $$",
            "select 1 /* nested /* ; */ still */",
            "select 1 /* /* */ ; drop table users; -- */",
            "select * from users where id = $1",
            "select * from users for read only",
            "select date_trunc('day', now()), format('%s', 1), current_setting('work_mem')",
            "select u.email from users u",
            "select 'a\\b'",
            "select E'a\\'; drop table users; --'",
            "select jsonb_build_object('k', 1) -> 'k'",
            "select a, row_number() over w from t window w as (order by a)",
            "select unknown_function(1)",
            "explain select 1",
            "explain verbose select * from users",
            "explain (analyze off) select 1",
            "explain (analyze false, verbose, format json) select 1",
            "EXPLAIN (ANALYZE 0, COSTS off) SELECT 1",
            "explain (format 'json', analyze 'OFF') select 1",
            "explain (select 1)",
            "explain with x as (select 1) select * from x"
    })
    void readOnlyStatementsAreAllowed(String sql) {
        assertAllowed(sql);
    }

    @Test
    void nestedCommentSmugglingAttemptIsOneHarmlessStatement() {
        Verdict v = check("select 1 /* /* */ ; drop table users; -- */");
        assertThat(v.allowed()).isTrue();
        assertThat(v.statementCount()).isEqualTo(1);
    }

    @Test
    void functionsCheckedListsWhatWasLookedUp() {
        Verdict v = check("select lower(name), pg_catalog.now(), u.email from users u where count(*) > 0");
        assertThat(v.allowed()).isTrue();
        assertThat(v.functionsChecked()).containsExactly("lower", "pg_catalog.now", "email", "count");
    }

    @Test
    void keywordsTypesAliasesAndCteNamesAreNotLookedUp() {
        Verdict v = check("with x(a) as (select 1) select cast(a as varchar(3)), '1'::numeric(2), exists (select 1),"
                + " count(*) filter (where true) over (), g.n from x, generate_series(1, 2) as g(n),"
                + " users tablesample system (1)");
        assertThat(v.allowed()).as(v.message()).isTrue();
        assertThat(v.functionsChecked()).containsExactly("count", "n", "generate_series");
    }

    // --- statement count

    @Test
    void moreThanOneStatementIsRefused() {
        Verdict v = check("select 1; select 2");
        assertThat(v.allowed()).isFalse();
        assertThat(v.statementCount()).isEqualTo(2);
        assertThat(v.message()).isEqualTo(
                "execute_sql runs one read-only statement; this text holds 2 statements. Send them one at a time.");
    }

    @Test
    void semicolonInsideParenthesesStillSeparatesStatements() {
        assertThat(refusal("select (1; drop table users)")).contains("holds 2 statements");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ";", " ; ;", "-- just a comment", "/* nothing */ ;"})
    void emptyTextIsRefused(String sql) {
        Verdict v = check(sql);
        assertThat(v.allowed()).isFalse();
        assertThat(v.statementCount()).isZero();
        assertThat(v.message()).contains("holds none");
    }

    @Test
    void nullTextIsRefused() {
        assertThat(check(null).allowed()).isFalse();
    }

    @Test
    void unreadableTextIsRefusedWithTheLexerProblem() {
        assertThat(refusal("select 'abc")).isEqualTo("execute_sql could not read this SQL: unterminated quoted"
                + " string at line 1. Fix it and send the statement again.");
        assertThat(refusal("select 1\n/* open")).contains("unterminated /* comment at line 2");
        assertThat(refusal("select 1 \0")).contains("NUL");
    }

    @Test
    void strayCharactersAreRefused() {
        assertThat(refusal("select 1 \\g")).contains("the character '\\' at line 1");
        assertThat(refusal("select {fn user()}")).contains("'{'");
        assertThat(refusal("select $ 1")).contains("'$'");
        assertThat(refusal("select 1 \u0007")).contains("U+0007");
    }

    // --- first keyword

    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO t VALUES (1)", "update t set a = 1", "delete from t", "MERGE INTO t USING u ON"
            + " true WHEN MATCHED THEN DELETE", "create table t (a int)", "drop table t", "alter table t add b int",
            "truncate t", "grant select on t to public", "revoke all on t from public", "copy t to stdout",
            "do $$ begin end $$", "call p()", "begin", "start transaction", "commit", "rollback", "end", "abort",
            "savepoint s", "release savepoint s", "prepare p as select 1", "execute p", "deallocate p", "set a = 1",
            "reset all", "listen c", "notify c", "unlisten *", "lock table t", "vacuum", "analyze t", "cluster t",
            "reindex table t", "refresh materialized view v", "load 'x'", "discard all", "checkpoint",
            "security label on table t is 'x'", "comment on table t is 'x'", "import foreign schema s from server"
            + " f into s", "fetch next from c", "move next from c", "declare c cursor for select 1", "close c",
            "\"select\" 1", "'select 1'", "1", "( )"})
    void anythingButAReadCommandIsRefused(String sql) {
        assertThat(refusal(sql)).contains("read-only").contains("allow_writes");
    }

    @Test
    void refusalNamesTheCommand() {
        assertThat(refusal("vacuum full")).isEqualTo("execute_sql is read-only: it runs one SELECT, WITH, VALUES,"
                + " TABLE, SHOW or EXPLAIN statement, and this one starts with VACUUM. Statements that write or change"
                + " state need allow_writes in the dbwarden configuration.");
    }

    // --- EXPLAIN

    @ParameterizedTest
    @ValueSource(strings = {"explain analyze select 1", "EXPLAIN ANALYSE select 1", "explain (analyze) select 1",
            "explain (analyze true) select 1", "explain (ANALYZE on) select 1", "explain (analyze 1) select 1",
            "explain (analyze 'on') select 1", "explain (verbose, analyze) select 1",
            "explain (analyze off, analyze on) select 1", "explain (\"analyze\") select 1",
            "explain (analyze yes) select 1", "explain (analyze '0') select 1", "explain verbose analyze select 1",
            "explain (format json, analyse) delete from users"})
    void explainAnalyzeIsRefusedAndPointsToExplainQuery(String sql) {
        assertThat(refusal(sql)).contains("explain_query").contains("ANALYZE");
    }

    @Test
    void explainOfAWriteIsRefused() {
        assertThat(refusal("explain delete from users")).contains("explain_query").contains("DELETE");
        assertThat(refusal("explain (costs off) insert into t values (1)")).contains("INSERT");
        assertThat(refusal("explain execute p")).contains("EXECUTE");
    }

    @Test
    void malformedExplainOptionsAreRefused() {
        assertThat(refusal("explain (analyze off select 1")).contains("EXPLAIN option list");
        assertThat(refusal("explain (, ) select 1")).contains("EXPLAIN option list");
    }

    // --- keywords anywhere

    @Test
    void dataModifyingCteIsRefused() {
        assertThat(refusal("with d as (delete from users returning *) select * from d"))
                .contains("contains DELETE (line 1), which changes data").contains("allow_writes");
        assertThat(refusal("select * from (select 1) s where exists (with u as (update t set a = 1 returning a)"
                + " select 1)")).contains("UPDATE");
        assertThat(refusal("with x as (select 1) insert into t select * from x")).contains("INSERT");
    }

    @Test
    void selectIntoIsRefused() {
        assertThat(refusal("select * into newtable from users")).contains("SELECT ... INTO").contains("creates a table");
        assertThat(refusal("select * into temp newtable from users")).contains("INTO");
    }

    @ParameterizedTest
    @ValueSource(strings = {"select * from users for update", "select * from users FOR NO KEY UPDATE",
            "select * from users for share of users", "select * from users for key share nowait",
            "select * from users for /* c */ update skip locked"})
    void rowLockingClausesAreRefused(String sql) {
        assertThat(refusal(sql)).contains("takes row locks");
    }

    @Test
    void copyAnywhereIsRefused() {
        assertThat(refusal("select * from (select 1) copy")).contains("COPY");
    }

    @Test
    void transactionControlAndSessionSetWordsAreRefused() {
        assertThat(refusal("select 1 from t where rollback")).contains("transaction control (ROLLBACK");
        assertThat(refusal("select 1 where start transaction")).contains("START TRANSACTION");
        assertThat(refusal("select 1 where set role x")).contains("SET ROLE");
    }

    // --- function calls

    @ParameterizedTest
    @ValueSource(strings = {
            "select pg_read_file('/etc/passwd')",
            "select * from pg_read_file('/etc/passwd')",
            "select * from users where name = pg_read_file('/etc/passwd')",
            "select * from users order by pg_read_file('/etc/passwd')",
            "select * from users group by 1 having pg_read_file('/etc/passwd') is not null",
            "select (select (select pg_read_file('/etc/passwd')))",
            "select \"pg_read_file\"('/etc/passwd')",
            "select \"PG_READ_FILE\"('/etc/passwd')",
            "select PG_READ_FILE('/etc/passwd')",
            "select pg_catalog.pg_read_file('/etc/passwd')",
            "select mydb.pg_catalog.pg_read_file('/etc/passwd')",
            "select \"pg_catalog\" . \"pg_read_file\" ('/etc/passwd')",
            "select pg_read_file/**/('/etc/passwd')",
            "select pg_read_file -- c\n('/etc/passwd')",
            "select U&\"\\0070g_read_file\"('/etc/passwd')",
            "select U&\"!0070g_read_file\" UESCAPE '!' ('/etc/passwd')",
            "select distinct on (1) pg_read_file('/etc/passwd')",
            "select 1 as t(a) , pg_read_file('x')"
    })
    void denylistedFunctionsAreRefusedHoweverTheyAreSpelled(String sql) {
        assertThat(refusal(sql)).startsWithIgnoringCase("pg_read_file").contains("reads or lists files")
                .contains("refuses it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg_ls_dir('.')", "pg_ls_waldir()", "pg_stat_file('x')", "pg_read_binary_file('x')",
            "pg_file_write('x', 'y', false)", "pg_logdir_ls()", "lo_import('x')", "lo_export(1, 'x')",
            "lo_from_bytea(0, 'x')", "lo_put(1, 0, 'x')", "lo_create(0)", "lo_unlink(1)", "lo_open(1, 1)",
            "lowrite(0, 'x')", "lo_truncate(0, 1)", "pg_terminate_backend(1)", "pg_cancel_backend(1)",
            "pg_reload_conf()", "pg_rotate_logfile()", "pg_promote()", "pg_switch_wal()",
            "pg_create_restore_point('x')", "pg_start_backup('x')", "pg_backup_start('x')", "pg_backup_stop()",
            "pg_wal_replay_pause()", "pg_wal_replay_resume()", "pg_log_backend_memory_contexts(1)",
            "pg_create_physical_replication_slot('s')", "pg_create_logical_replication_slot('s', 'p')",
            "pg_drop_replication_slot('s')", "pg_replication_origin_create('o')", "pg_stat_reset()",
            "pg_stat_reset_shared('wal')", "pg_stat_statements_reset()", "set_config('a', 'b', false)",
            "dblink('x', 'y')", "dblink_exec('x', 'y')", "dblink_connect('x')", "pg_advisory_lock(1)",
            "pg_advisory_xact_lock(1)", "pg_try_advisory_lock(1)", "pg_sleep(1)", "pg_sleep_for('1s')",
            "pg_sleep_until(now())", "nextval('s')", "setval('s', 1)", "txid_current()", "pg_current_xact_id()",
            "pg_notify('c', 'x')", "query_to_xml('select 1', true, true, '')", "query_to_xmlschema('x', true, true, '')",
            "cursor_to_xml('c', 1, true, true, '')", "table_to_xml('t', true, true, '')", "database_to_xml(true, true, '')",
            "schema_to_xml('s', true, true, '')", "pg_import_system_collations('pg_catalog')",
            "pg_extension_config_dump('t', '')", "binary_upgrade_set_next_pg_type_oid(1)",
            "pg_restore_relation_stats('x')", "pg_clear_attribute_stats('x', 'y', false)"})
    void everyDenylistFamilyIsRefused(String call) {
        String message = refusal("select " + call);
        assertThat(message).contains("refuses it");
        assertThat(refusal("select * from pg_catalog." + call)).contains("refuses it");
    }

    @Test
    void denylistMessagesSayWhatToDo() {
        assertThat(refusal("select nextval('users_id_seq')")).isEqualTo("nextval changes a sequence, and no rollback"
                + " undoes that, so execute_sql refuses it. Read it with SELECT last_value FROM the_sequence instead.");
        assertThat(refusal("select set_config('transaction_read_only', 'off', true)"))
                .contains("could switch off read-only mode").contains("current_setting()");
    }

    @Test
    void dangerousCallsInsideCtesAndSubqueriesAreRefused() {
        assertThat(refusal("with s as (select set_config('a', 'b', false)) select * from s")).startsWith("set_config");
        assertThat(refusal("select 1 where exists (select set_config('a', 'b', true))")).startsWith("set_config");
    }

    @Test
    void volatileFunctionsAreRefusedByName() {
        assertThat(refusal("select audit_touch(1)")).isEqualTo("audit_touch is a volatile function, and volatile"
                + " functions can have side effects (change data, settings or other sessions), so execute_sql"
                + " refuses it. If it only reads, mark it STABLE; otherwise it needs allow_writes in the dbwarden"
                + " configuration.");
        assertThat(refusal("select public.audit_touch(1)")).startsWith("public.audit_touch is a volatile function");
        assertThat(refusal("select setseed(0.5)")).startsWith("setseed is a volatile function");
        assertThat(refusal("select currval('s')")).startsWith("currval is a volatile function");
    }

    @Test
    void attributeNotationCallsAreChecked() {
        assertThat(refusal("select u.reset_account from users u")).startsWith("reset_account is a volatile function");
    }

    @Test
    void allowlistedVolatileBuiltinsOnlyCountInTheirOwnSchemas() {
        assertAllowed("select pg_catalog.random()");
        assertThat(refusal("select myschema.random()")).startsWith("myschema.random is a volatile function");
    }

    @Test
    void tablesampleMethodIsNotTreatedAsACall() {
        assertAllowed("select * from users tablesample system (10)");
        assertThat(refusal("select system(10)")).startsWith("system is a volatile function");
    }

    @Test
    void lookupFailureIsARefusal() {
        Verdict v = SqlGuard.check("select f(1)", (schema, name) -> {
            throw new IllegalStateException("connection lost");
        });
        assertThat(v.allowed()).isFalse();
        assertThat(v.message()).contains("could not check whether f is safe").contains("connection lost");
    }

    @Test
    void eachNameIsLookedUpOnce() {
        List<String> asked = new ArrayList<>();
        SqlGuard.check("select lower(a), lower(b), lower(c)", (schema, name) -> {
            asked.add(name);
            return Set.of('i');
        });
        assertThat(asked).containsExactly("lower");
    }

    // --- standard_conforming_strings

    @Test
    void textThatChangesMeaningWithoutStandardConformingStringsIsRefused() {
        assertThat(refusal("select 'C:\\' as p, ' ; drop table users; --'"))
                .contains("standard_conforming_strings").contains("E'...'");
        assertThat(refusal("select '\\'")).contains("standard_conforming_strings");
        assertAllowed("select 'a\\b', E'\\\\'");
    }

    @Test
    void continuedEscapeStringWithABackslashAfterTheBreakIsRefused() {
        assertThat(refusal("select E'a'\n'\\'; select 2; --'")).contains("continues on another line");
        assertAllowed("select E'a\\\\'\n'b'");
        assertAllowed("select E'a''', E'\\''");
    }

    // --- explain_query (plan only)

    @Test
    void explainableAllowsPlanningWritesButStillOneStatement() {
        assertThat(SqlGuard.checkExplainable("delete from users where id = 1").allowed()).isTrue();
        assertThat(SqlGuard.checkExplainable("update users set a = 1").allowed()).isTrue();
        assertThat(SqlGuard.checkExplainable("select * from users for update").allowed()).isTrue();
        assertThat(SqlGuard.checkExplainable("with d as (delete from t returning *) select * into x from d")
                .allowed()).isTrue();
        assertThat(SqlGuard.checkExplainable("select 1; drop table users").message())
                .isEqualTo("explain_query plans one statement; this text holds 2 statements. Send them one at a time.");
        assertThat(SqlGuard.checkExplainable("drop table users").message()).contains("explain_query plans one SELECT");
        assertThat(SqlGuard.checkExplainable("explain select 1").message()).contains("without EXPLAIN");
        assertThat(SqlGuard.checkExplainable("select pg_read_file('x')").message()).startsWith("pg_read_file");
        assertThat(SqlGuard.checkExplainable("truncate users").allowed()).isFalse();
        assertThat(SqlGuard.checkExplainable("select 1 into x; commit").allowed()).isFalse();
        assertThat(SqlGuard.checkExplainable("select audit_touch()").functionsChecked()).isEmpty();
    }

    // --- the escape corpus

    static List<String> corpus() throws IOException {
        try (InputStream in = SqlGuardTest.class.getResourceAsStream("escape-corpus.txt")) {
            assertThat(in).as("escape-corpus.txt on the test class path").isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> entries = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : text.split("\n", -1)) {
                if (line.equals("----")) {
                    entries.add(current.toString());
                    current.setLength(0);
                } else {
                    current.append(line).append('\n');
                }
            }
            entries.add(current.toString());
            entries.removeIf(String::isBlank);
            return entries;
        }
    }

    @Test
    void corpusIsWellFormed() throws IOException {
        List<String> entries = corpus();
        assertThat(entries).hasSizeGreaterThanOrEqualTo(45);
        assertThat(entries).allSatisfy(e -> assertThat(e).startsWith("-- "));
        assertThat(entries).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void everyCorpusEntryIsRefused(String entry) {
        Verdict v = check(entry);
        assertThat(v.allowed()).as("refused: %s", entry).isFalse();
        assertThat(v.message()).isNotBlank();
    }
}
