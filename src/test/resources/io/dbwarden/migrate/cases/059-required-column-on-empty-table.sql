-- expect: unsafe
-- rules: required-column-breaks-inserts
-- why: NOT NULL without a default succeeds on an empty table but breaks existing INSERTs.
-- setup:
create table invitations (id bigint primary key, email text not null);
analyze invitations;
-- migration:
set lock_timeout = '2s';
alter table invitations add column tenant_id bigint not null;
