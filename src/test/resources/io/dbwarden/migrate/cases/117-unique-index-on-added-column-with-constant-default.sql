-- expect: fails
-- rules: unique-violation-existing-duplicates
-- why: All existing rows share the constant default of the new column, so a unique index on it finds duplicates.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column tenant text not null default 'main';
create unique index concurrently users_tenant_key on users (tenant);
