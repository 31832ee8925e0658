package io.dbwarden.migrate;

import io.dbwarden.migrate.MigrationScript.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationScriptTest {

    private static List<String> sqls(String text) {
        return MigrationScript.parse("m.sql", text).statements().stream().map(Statement::sql).toList();
    }

    private static Statement only(String sql) {
        List<Statement> st = MigrationScript.parse("m.sql", sql).statements();
        assertThat(st).as("statements of %s", sql).hasSize(1);
        return st.get(0);
    }

    @Test
    void splitsAtTopLevelSemicolonsWithIndexLineAndTextWithoutTerminator() {
        MigrationScript s = MigrationScript.parse("001.sql", "-- header\nset lock_timeout = '2s';\n\n"
                + "alter table users\n  add column x int;  -- trailing\n;;\nselect 1");
        assertThat(s.fileName()).isEqualTo("001.sql");
        assertThat(s.problems()).isEmpty();
        assertThat(s.statements()).extracting(Statement::index).containsExactly(1, 2, 3);
        assertThat(s.statements()).extracting(Statement::line).containsExactly(2, 4, 7);
        assertThat(s.statements()).extracting(Statement::sql).containsExactly(
                "set lock_timeout = '2s'", "alter table users\n  add column x int", "select 1");
        assertThat(s.statements().get(1).tokens()).extracting(t -> t.text())
                .containsExactly("alter", "table", "users", "add", "column", "x", "int");
    }

    @Test
    void semicolonsInsideLiteralsCommentsAndQuotedNamesDoNotSplit() {
        assertThat(sqls("select 'a;b', E'it\\'s;', \"we;ird\" from t; select 2")).containsExactly(
                "select 'a;b', E'it\\'s;', \"we;ird\" from t", "select 2");
        assertThat(sqls("select 1 /* a ; /* nested ; */ still ; */ ; select 2")).hasSize(2);
        assertThat(sqls("select 1 -- comment ; not a split\n, 2; select 3")).hasSize(2);
    }

    @Test
    void dollarQuotedBodiesStayWhole() {
        String fn = "create function f() returns trigger language plpgsql as $body$\nbegin\n  perform 1;\n"
                + "  return new;\nend $body$";
        assertThat(sqls(fn + ";\nselect 2;")).containsExactly(fn, "select 2");
        assertThat(sqls("do $$ begin raise notice 'a;b'; end $$; select 1")).hasSize(2);
    }

    @Test
    void beginAtomicBodiesKeepTheirSemicolonsIncludingNestedCase() {
        String fn = "create or replace function grade(score int) returns text language sql\nbegin atomic\n"
                + "  select case when score > 90 then 'a' else 'b' end;\n  select 'x';\nend";
        assertThat(sqls(fn + ";\nselect 1;")).containsExactly(fn, "select 1");
        String proc = "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC insert into t values (1); "
                + "insert into t values (2); END";
        assertThat(sqls(proc + "; select 2")).containsExactly(proc, "select 2");
    }

    @Test
    void beginOutsideRoutinesIsATransactionStatement() {
        List<Statement> st = MigrationScript.parse("m.sql", "begin; select case when true then 1 end; commit;")
                .statements();
        assertThat(st).extracting(Statement::sql).containsExactly("begin", "select case when true then 1 end",
                "commit");
        assertThat(st.get(0).opensTransaction()).isTrue();
        assertThat(st.get(2).closesTransaction()).isTrue();
    }

    @Test
    void semicolonsInsideParenthesesDoNotSplitLikePsql() {
        String rule = "create rule r as on insert to t do also (insert into a values (1); insert into b values (2))";
        assertThat(sqls(rule + "; select 1")).containsExactly(rule, "select 1");
    }

    @Test
    void psqlMetaCommandsAreSkippedAndReported() {
        MigrationScript s = MigrationScript.parse("m.sql", "\\set ON_ERROR_STOP on\nselect 1;\n"
                + "  \\echo it's done\n\\i other.sql\nselect 2;\n");
        assertThat(s.statements()).extracting(Statement::sql).containsExactly("select 1", "select 2");
        assertThat(s.statements()).extracting(Statement::line).containsExactly(2, 5);
        assertThat(s.problems()).containsExactly(
                "psql meta-command \\set on line 1 is not SQL; dbwarden cannot validate what it does"
                        + " (psql substitutes :variables in later statements)",
                "psql meta-command \\echo on line 3 is not SQL; dbwarden cannot validate what it does",
                "psql meta-command \\i on line 4 is not SQL; dbwarden cannot validate what it does"
                        + " (the included file is not part of this check)");
    }

    @Test
    void gexecAndGEndTheStatementBeforeThem() {
        MigrationScript s = MigrationScript.parse("m.sql",
                "select format('vacuum %I', relname) from pg_class\n\\gexec\nselect 2 \\g\nselect 3;");
        assertThat(s.statements()).extracting(Statement::sql).containsExactly(
                "select format('vacuum %I', relname) from pg_class", "select 2", "select 3");
        assertThat(s.problems()).hasSize(1);
        assertThat(s.problems().get(0)).startsWith("psql meta-command \\gexec on line 2 is not SQL")
                .contains("runs every value");
    }

    @Test
    void backslashesInsideBodiesAndStringsAreNotMetaCommands() {
        MigrationScript s = MigrationScript.parse("m.sql",
                "create function f() returns text language sql as $$\n\\not_a_command\nselect 'x'\n$$;\n"
                        + "select E'\\\\set';");
        assertThat(s.problems()).isEmpty();
        assertThat(s.statements()).hasSize(2);
    }

    @Test
    void unreadableTextBecomesAProblemNotAnException() {
        MigrationScript s = MigrationScript.parse("m.sql", "select 1;\nselect 'unterminated;\nselect 3;");
        assertThat(s.statements()).extracting(Statement::sql).startsWith("select 1").doesNotContain("select 3");
        assertThat(s.problems()).singleElement().asString().contains("line 2").contains("unterminated quoted string");
    }

    @Test
    void lastStatementWithoutSemicolonIsKept() {
        assertThat(sqls("select 1;\nselect 2 -- no terminator")).containsExactly("select 1", "select 2");
        assertThat(sqls("")).isEmpty();
        assertThat(sqls("-- only a comment\n")).isEmpty();
    }

    @Test
    void keywordHelpers() {
        Statement st = only("ALTER TABLE public.users ADD COLUMN x int");
        assertThat(st.firstKeyword()).isEqualTo("alter");
        assertThat(st.word(1)).isEqualTo("table");
        assertThat(st.word(99)).isEmpty();
        assertThat(st.startsWith("alter", "table")).isTrue();
        assertThat(st.startsWith("alter", "index")).isFalse();
        assertThat(st.hasWord("column")).isTrue();
        assertThat(st.lead(2)).isEqualTo("ALTER TABLE");
        assertThat(only("select \"alter\"").word(1)).isEmpty();
    }

    @Test
    void transactionControl() {
        assertThat(only("BEGIN").opensTransaction()).isTrue();
        assertThat(only("begin isolation level serializable").opensTransaction()).isTrue();
        assertThat(only("start transaction").opensTransaction()).isTrue();
        for (String close : List.of("commit", "COMMIT WORK", "end", "rollback", "abort", "rollback transaction")) {
            assertThat(only(close).closesTransaction()).as(close).isTrue();
            assertThat(only(close).isTransactionControl()).as(close).isTrue();
        }
        assertThat(only("rollback").rollsBack()).isTrue();
        assertThat(only("commit").rollsBack()).isFalse();
        assertThat(only("rollback to savepoint a").closesTransaction()).isFalse();
        assertThat(only("rollback to a").isTransactionControl()).isTrue();
        assertThat(only("savepoint a").isTransactionControl()).isTrue();
        assertThat(only("select 1").isTransactionControl()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "create index concurrently i on t (a)",
            "create unique index concurrently if not exists i on t (a)",
            "drop index concurrently i",
            "reindex index concurrently i",
            "reindex (verbose) table concurrently t",
            "reindex schema public",
            "vacuum t",
            "vacuum (full, analyze) t",
            "cluster",
            "create database x",
            "drop database if exists x",
            "create tablespace ts location '/x'",
            "alter system set work_mem = '64MB'",
            "alter table p detach partition c concurrently",
    })
    void cannotRunInTransactionBlock(String sql) {
        assertThat(only(sql).cannotRunInTransactionBlock()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "create index i on t (a)",
            "reindex table t",
            "cluster t using i",
            "refresh materialized view concurrently mv",
            "alter table p detach partition c",
            "alter type mood add value 'x'",
            "select 'create index concurrently'",
    })
    void canRunInTransactionBlock(String sql) {
        assertThat(only(sql).cannotRunInTransactionBlock()).isFalse();
    }

    @Test
    void supabasePullsOutItsListOnly() {
        assertThat(only("create index concurrently i on t (a)").runsOutsideSupabasePipeline()).isTrue();
        assertThat(only("drop index concurrently i").runsOutsideSupabasePipeline()).isTrue();
        assertThat(only("vacuum t").runsOutsideSupabasePipeline()).isTrue();
        assertThat(only("cluster t").runsOutsideSupabasePipeline()).isTrue();
        assertThat(only("alter system set x = 1").runsOutsideSupabasePipeline()).isTrue();
        assertThat(only("create database x").runsOutsideSupabasePipeline()).isFalse();
        assertThat(only("alter table p detach partition c concurrently").runsOutsideSupabasePipeline()).isFalse();
    }

    @Test
    void nonTransactionalListsTheStatementsInOrder() {
        MigrationScript s = MigrationScript.parse("m.sql",
                "create table t (a int); create index concurrently i on t (a); vacuum t; select 1;");
        assertThat(s.nonTransactional()).extracting(Statement::index).containsExactly(2, 3);
        assertThat(s.hasExplicitTransactions()).isFalse();
        assertThat(MigrationScript.parse("m.sql", "begin; commit;").hasExplicitTransactions()).isTrue();
    }
}
