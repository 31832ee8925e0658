-- expect: fails
-- rules: not-null-violation-existing-nulls
-- why: A column added without a default is NULL in every existing row, so SET NOT NULL on it fails on a table with rows.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column region text;
alter table users alter column region set not null;
