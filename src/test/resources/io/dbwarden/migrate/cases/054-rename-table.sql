-- expect: unsafe
-- rules: rename-table
-- why: Renaming a table breaks running code.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users rename to accounts;
