-- Durable DDL capture: event triggers append every DDL command and dropped object to dbwarden.ddl_event in the
-- same transaction as the change, then NOTIFY dbwarden_ddl. The monitor LISTENs, and after any disconnect replays
-- the rows it has not processed yet, so nothing is lost while dbwarden or the database restarts.
-- Idempotent: running it again replaces the functions and triggers and keeps the recorded events.
-- Events are kept 30 days: every 100th event deletes the older ones, so the table stays small without a job. A
-- monitor that was away longer still sees every change in its catalog diff, only without the per-event detail.
create schema if not exists dbwarden;
revoke all on schema dbwarden from public;
comment on schema dbwarden is 'dbwarden change capture: DDL events for the schema monitor.';

create table if not exists dbwarden.ddl_event (
    id               bigint generated always as identity primary key,
    occurred_at      timestamptz not null default clock_timestamp(),
    event            text not null,
    command_tag      text not null,
    object_type      text,
    schema_name      text,
    object_identity  text,
    role_name        text not null default current_user,
    application_name text default current_setting('application_name', true)
);
revoke all on dbwarden.ddl_event from public;

create or replace function dbwarden.capture_ddl_command_end() returns event_trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    r record;
    last_id bigint;
begin
    for r in select * from pg_event_trigger_ddl_commands() loop
        -- dbwarden's own schema and temporary objects are not the application's schema.
        continue when r.schema_name = 'dbwarden' or r.schema_name like 'pg\_temp%' or r.in_extension;
        insert into dbwarden.ddl_event (event, command_tag, object_type, schema_name, object_identity)
        values ('ddl_command_end', r.command_tag, r.object_type, r.schema_name, r.object_identity)
        returning id into last_id;
    end loop;
    if last_id is not null then
        if last_id % 100 = 0 then
            delete from dbwarden.ddl_event where occurred_at < clock_timestamp() - interval '30 days';
        end if;
        perform pg_notify('dbwarden_ddl', last_id::text);
    end if;
end $$;

create or replace function dbwarden.capture_sql_drop() returns event_trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    r record;
    last_id bigint;
begin
    for r in select * from pg_event_trigger_dropped_objects() loop
        continue when r.schema_name = 'dbwarden' or r.is_temporary or not r.original;
        insert into dbwarden.ddl_event (event, command_tag, object_type, schema_name, object_identity)
        values ('sql_drop', tg_tag, r.object_type, r.schema_name, r.object_identity)
        returning id into last_id;
    end loop;
    if last_id is not null then
        perform pg_notify('dbwarden_ddl', last_id::text);
    end if;
end $$;

drop event trigger if exists dbwarden_ddl_command_end;
create event trigger dbwarden_ddl_command_end on ddl_command_end execute function dbwarden.capture_ddl_command_end();
drop event trigger if exists dbwarden_sql_drop;
create event trigger dbwarden_sql_drop on sql_drop execute function dbwarden.capture_sql_drop();
