package io.dbwarden.catalog;

import io.dbwarden.TestDatabase;
import io.dbwarden.config.Config;
import io.dbwarden.db.Database;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogReaderTest {

    @Test
    void readsEveryKindOfObjectFromTheDemoDatabase() {
        Catalog c = read(TestDatabase.demoUrl());
        assertThat(c.tables()).extracting(Catalog.Table::name).contains("users", "crews", "crew_members", "equipment",
                "equipment_assignments", "projects", "work_orders", "activity_logs");
        Catalog.Table workOrders = c.table("public", "work_orders").orElseThrow();
        assertThat(workOrders.rlsEnabled()).isTrue();
        assertThat(workOrders.policies()).isNotEmpty();
        assertThat(workOrders.triggers()).isNotEmpty();
        assertThat(workOrders.constraints()).anyMatch(k -> k.type().equals("primary_key"));
        assertThat(workOrders.constraints()).anyMatch(k -> k.type().equals("foreign_key") && k.refTable() != null);
        assertThat(workOrders.stats().rowEstimate()).isGreaterThan(10_000);
        assertThat(workOrders.grants()).extracting(Catalog.Grant::grantee).contains("authenticated");
        assertThat(c.enums()).isNotEmpty();
        assertThat(c.views()).isNotEmpty();
        assertThat(c.functions()).anyMatch(f -> f.schema().equals("auth") && f.name().equals("uid"));
        assertThat(c.extensions()).extracting(Catalog.Extension::name).contains("pg_stat_statements", "plpgsql");
        // Extension members are not user objects.
        assertThat(c.views()).noneMatch(v -> v.name().equals("pg_stat_statements"));
    }

    @Test
    void readsTypesDomainsSequencesAndGeneratedColumns() {
        String url = TestDatabase.freshDatabase("kinds");
        TestDatabase.exec(url,
                "create type mood as enum ('sad', 'ok', 'happy')",
                "create type address as (street text, zip varchar(10))",
                "create domain email as text not null check (value ~ '@')",
                "create table t (id bigint generated always as identity primary key, m mood[], a address, e email, "
                        + "price numeric(10,2), total numeric generated always as (price * 2) stored, tags text[][])",
                "create materialized view mv as select id from t",
                "create index on mv (id)",
                "create function add(a int, b int default 1, out s int) language sql immutable as 'select a + b'",
                "comment on column t.price is 'in cents'");
        Catalog c = read(url);
        Catalog.Table t = c.table("public", "t").orElseThrow();
        assertThat(t.column("m").orElseThrow().typeName()).isEqualTo("mood");
        assertThat(t.column("m").orElseThrow().arrayDims()).isEqualTo(1);
        assertThat(t.column("id").orElseThrow().identity()).isEqualTo("a");
        assertThat(t.column("total").orElseThrow().generated()).isEqualTo("s");
        assertThat(t.column("price").orElseThrow().type()).isEqualTo("numeric(10,2)");
        assertThat(t.column("price").orElseThrow().comment()).isEqualTo("in cents");
        assertThat(c.enums().get(0).labels()).containsExactly("sad", "ok", "happy");
        assertThat(c.compositeTypes()).extracting(Catalog.CompositeType::name).containsExactly("address");
        assertThat(c.domains().get(0).checks()).hasSize(1);
        assertThat(c.domains().get(0).notNull()).isTrue();
        assertThat(c.sequences().get(0).ownedBy()).isEqualTo("public.t.id");
        assertThat(c.view("public", "mv").orElseThrow().materialized()).isTrue();
        assertThat(c.view("public", "mv").orElseThrow().indexes()).hasSize(1);
        Catalog.Function add = c.functions().stream().filter(f -> f.name().equals("add")).findFirst().orElseThrow();
        assertThat(add.arguments()).extracting(Catalog.Argument::mode).containsExactly("in", "in", "out");
        assertThat(add.arguments()).extracting(Catalog.Argument::hasDefault).containsExactly(false, true, false);
        assertThat(add.volatility()).isEqualTo("immutable");
    }

    @Test
    void theNumberOfQueriesDoesNotGrowWithTheNumberOfTables() throws Exception {
        String small = TestDatabase.freshDatabase("few");
        String large = TestDatabase.freshDatabase("many");
        TestDatabase.exec(small, "create table a (id int primary key)");
        StringBuilder ddl = new StringBuilder("create table t0 (id int primary key, name text);");
        for (int i = 1; i < 150; i++) {
            ddl.append("create table t").append(i).append(" (id int primary key, parent int references t").append(i - 1)
                    .append(" (id), name text); create index on t").append(i).append(" (name);");
        }
        TestDatabase.exec(large, ddl.toString());
        assertThat(countQueries(small)).isEqualTo(countQueries(large)).isEqualTo(CatalogReader.QUERIES.size() + 1);
        assertThat(read(large).tables()).hasSize(150);
    }

    @Test
    void readsTheSameModelFromASecondPostgresMajor() {
        var second = TestDatabase.secondServerUrl();
        org.junit.jupiter.api.Assumptions.assumeTrue(second.isPresent(),
                "no second PostgreSQL server (set DBWARDEN_TEST_SECOND_DATABASE_URL or run one on 127.0.0.1:5432)");
        String ddl = "create type st as enum ('a','b'); create table p (id int primary key, s st not null default 'a');"
                + "create table c (id int primary key, p_id int references p(id) on delete cascade, note text check (length(note) < 10));"
                + "create index c_p on c (p_id) where note is not null; alter table c enable row level security;"
                + "create policy own on c for select using (p_id > 0); create view v as select * from c;"
                + "create function f(x int) returns int language sql stable as 'select x';";
        String a = TestDatabase.freshDatabase("major_a");
        String b = TestDatabase.createDatabaseOn(second.get(), "major_b");
        TestDatabase.exec(a, ddl);
        TestDatabase.exec(b, ddl);
        Catalog ca = read(a);
        Catalog cb = read(b);
        assertThat(cb.serverVersionNum() / 10000).isNotEqualTo(ca.serverVersionNum() / 10000);
        // Same schema on two majors gives the same model. The one exception is the text of view definitions, which
        // each major's pg_get_viewdef deparses in its own style (column qualification differs between 15 and 16+).
        assertThat(SchemaDiff.diff(ca, cb)).allSatisfy(change -> {
            assertThat(change.objectType()).isEqualTo(SchemaChange.ObjectType.VIEW);
            assertThat(change.changes()).extracting(SchemaChange.FieldChange::field).containsExactly("definition");
        });
        assertThat(ca.tables()).isEqualTo(cb.tables());
    }

    private static Catalog read(String url) {
        try (Database db = new Database(new Config.Connection("t", url, null, null), limits(), false)) {
            return new CatalogReader().read(db);
        }
    }

    static Config.Limits limits() {
        return TestDatabase.config("postgres://x@localhost/x", Path.of(".")).limits();
    }

    private static int countQueries(String url) throws Exception {
        AtomicInteger count = new AtomicInteger();
        try (Connection real = TestDatabase.connect(url)) {
            Connection counting = (Connection) Proxy.newProxyInstance(getClass0().getClassLoader(), new Class<?>[]{Connection.class},
                    (proxy, method, args) -> {
                        Object result = method.invoke(real, args);
                        if (result instanceof Statement st) {
                            return Proxy.newProxyInstance(getClass0().getClassLoader(), new Class<?>[]{Statement.class}, (p2, m2, a2) -> {
                                if (m2.getName().startsWith("execute")) count.incrementAndGet();
                                return m2.invoke(st, a2);
                            });
                        }
                        return result;
                    });
            new CatalogReader().read(counting);
        }
        return count.get();
    }

    private static Class<?> getClass0() {
        return CatalogReaderTest.class;
    }
}
