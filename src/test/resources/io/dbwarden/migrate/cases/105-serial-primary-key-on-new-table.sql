-- expect: safe
-- rules: none
-- why: serial / identity columns on a new table cost nothing.
-- setup:
-- (nothing)
-- migration:
create table tenants (id serial primary key, name text not null);
create table members (id bigint generated always as identity primary key, tenant_id integer not null);
