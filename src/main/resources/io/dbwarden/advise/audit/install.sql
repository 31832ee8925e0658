-- The row-change audit that `dbwarden audit enable <table>` installs: one table of changes and one trigger function.
-- The function runs as its owner (SECURITY DEFINER, empty search_path) so callers need no rights on the audit table,
-- records who (role, and the API user from the JWT when PostgREST set one), when, what, and the old and new rows,
-- and now and then removes rows older than the retention in days that the trigger passes as its argument.
create schema if not exists dbwarden_audit;
revoke all on schema dbwarden_audit from public;
create table if not exists dbwarden_audit.row_change (
    id          bigint generated always as identity primary key,
    at          timestamptz not null default now(),
    table_name  text not null,
    operation   text not null,
    role_name   text not null default current_user,
    api_user    text,
    old_row     jsonb,
    new_row     jsonb
);
create index if not exists row_change_at on dbwarden_audit.row_change (at);
create or replace function dbwarden_audit.capture() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
    insert into dbwarden_audit.row_change (table_name, operation, role_name, api_user, old_row, new_row)
    values (tg_table_schema || '.' || tg_table_name, tg_op, session_user,
            coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub',
                     nullif(current_setting('request.jwt.claim.sub', true), '')),
            case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end,
            case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end);
    -- retention: about one write in a hundred prunes this table's expired rows
    if random() < 0.01 then
        delete from dbwarden_audit.row_change
        where table_name = tg_table_schema || '.' || tg_table_name and at < now() - make_interval(days => tg_argv[0]::int);
    end if;
    return null;
end
$$;
revoke all on function dbwarden_audit.capture() from public
