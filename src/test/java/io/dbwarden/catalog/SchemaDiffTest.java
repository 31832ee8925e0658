package io.dbwarden.catalog;

import io.dbwarden.TestDatabase;
import io.dbwarden.catalog.SchemaChange.Action;
import io.dbwarden.catalog.SchemaChange.ObjectType;
import io.dbwarden.config.Config;
import io.dbwarden.db.Database;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each object kind added, dropped and altered on a real database, and the diff that results. */
class SchemaDiffTest {
    private static final String BASE = """
            create schema app;
            create extension if not exists pg_trgm;
            create type status as enum ('new', 'done');
            create type point2 as (x int, y int);
            create domain positive as int check (value > 0);
            create table app.items (id int primary key, name text not null, qty positive, st status default 'new');
            create table app.gone (id int);
            create index items_name on app.items (name);
            create view app.v as select id from app.items;
            create materialized view app.mv as select id from app.items;
            create function app.f(x int) returns int language sql as 'select x';
            create sequence app.s;
            alter table app.items enable row level security;
            create policy p on app.items using (true);
            create function app.tf() returns trigger language plpgsql as 'begin return new; end';
            create trigger tr before update on app.items for each row execute function app.tf();
            create role dbw_diff_reader nologin;
            """;

    private static String url;

    @BeforeAll
    static void setUp() {
        url = TestDatabase.freshDatabase("diff");
        TestDatabase.exec(TestDatabase.serverUrl(), "drop role if exists dbw_diff_reader");
        TestDatabase.exec(url, BASE);
    }

    @Test
    void anUnchangedSchemaHasNoChanges() {
        assertThat(SchemaDiff.diff(read(), read())).isEmpty();
    }

    @Test
    void reportsAddedDroppedAndAlteredObjectsOfEveryKind() {
        Catalog before = read();
        TestDatabase.exec(url, """
                create schema extra;
                drop extension pg_trgm;
                alter type status add value 'blocked';
                alter type point2 add attribute z int;
                alter domain positive set default 1;
                alter table app.items add column note text;
                alter table app.items alter column name drop not null;
                alter table app.items drop column qty;
                alter table app.items add constraint name_len check (length(name) < 50);
                drop index app.items_name;
                create index items_note on app.items (note);
                alter policy p on app.items using (id > 0);
                alter table app.items disable trigger tr;
                grant select on app.items to dbw_diff_reader;
                comment on table app.items is 'stock';
                drop table app.gone;
                create table app.fresh (id int);
                create or replace view app.v as select id, name from app.items;
                drop materialized view app.mv;
                drop function app.f(int);
                create function app.f(x bigint) returns bigint language sql as 'select x';
                create type kind as enum ('a');
                drop sequence app.s;
                """);
        List<SchemaChange> changes = SchemaDiff.diff(before, read());
        assertHas(changes, Action.ADDED, ObjectType.SCHEMA, "extra");
        assertHas(changes, Action.DROPPED, ObjectType.EXTENSION, "pg_trgm");
        assertHas(changes, Action.ALTERED, ObjectType.ENUM, "public.status");
        assertHas(changes, Action.ALTERED, ObjectType.COMPOSITE_TYPE, "public.point2");
        assertHas(changes, Action.ALTERED, ObjectType.DOMAIN, "public.positive");
        assertHas(changes, Action.ADDED, ObjectType.COLUMN, "app.items.note");
        assertHas(changes, Action.ALTERED, ObjectType.COLUMN, "app.items.name");
        assertHas(changes, Action.DROPPED, ObjectType.COLUMN, "app.items.qty");
        assertHas(changes, Action.ADDED, ObjectType.CONSTRAINT, "name_len on app.items");
        assertHas(changes, Action.DROPPED, ObjectType.INDEX, "items_name on app.items");
        assertHas(changes, Action.ADDED, ObjectType.INDEX, "items_note on app.items");
        assertHas(changes, Action.ALTERED, ObjectType.POLICY, "p on app.items");
        assertHas(changes, Action.ALTERED, ObjectType.TRIGGER, "tr on app.items");
        assertHas(changes, Action.ADDED, ObjectType.GRANT, "dbw_diff_reader on app.items");
        assertHas(changes, Action.ALTERED, ObjectType.TABLE, "app.items");
        assertHas(changes, Action.DROPPED, ObjectType.TABLE, "app.gone");
        assertHas(changes, Action.ADDED, ObjectType.TABLE, "app.fresh");
        assertHas(changes, Action.ALTERED, ObjectType.VIEW, "app.v");
        assertHas(changes, Action.ADDED, ObjectType.COLUMN, "app.v.name");
        assertHas(changes, Action.DROPPED, ObjectType.MATERIALIZED_VIEW, "app.mv");
        assertHas(changes, Action.DROPPED, ObjectType.FUNCTION, "app.f(x integer)");
        assertHas(changes, Action.ADDED, ObjectType.FUNCTION, "app.f(x bigint)");
        assertHas(changes, Action.ADDED, ObjectType.ENUM, "public.kind");
        assertHas(changes, Action.DROPPED, ObjectType.SEQUENCE, "app.s");

        SchemaChange nameChange = changes.stream().filter(c -> c.subject().equals("app.items.name")).findFirst().orElseThrow();
        assertThat(nameChange.changes()).containsExactly(new SchemaChange.FieldChange("notNull", "true", "false"));
        SchemaChange table = changes.stream().filter(c -> c.objectType() == ObjectType.TABLE && c.action() == Action.ALTERED)
                .findFirst().orElseThrow();
        assertThat(table.changes()).containsExactly(new SchemaChange.FieldChange("comment", null, "stock"));
    }

    private static void assertHas(List<SchemaChange> changes, Action action, ObjectType type, String subject) {
        assertThat(changes).as("%s %s %s in %s", action, type, subject, changes)
                .anyMatch(c -> c.action() == action && c.objectType() == type && c.subject().equals(subject));
    }

    private static Catalog read() {
        try (Database db = new Database(new Config.Connection("t", url, null, null), CatalogReaderTest.limits(), false)) {
            return new CatalogReader().read(db);
        }
    }
}
