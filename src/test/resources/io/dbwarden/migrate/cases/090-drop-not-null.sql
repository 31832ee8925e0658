-- expect: safe
-- rules: drop-not-null
-- why: DROP NOT NULL is instant; reported as advice only.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users alter column name drop not null;
