-- expect: safe
-- rules: multiple-alter-table-same-target
-- why: Two ALTER TABLEs on one table in separate transactions: advice to combine them.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column nickname text;
alter table users add column bio text;
