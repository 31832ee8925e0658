-- expect: fails
-- rules: adding-not-null-without-default
-- why: ADD COLUMN … NOT NULL without a default fails on a table with rows.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column tenant_id bigint not null;
