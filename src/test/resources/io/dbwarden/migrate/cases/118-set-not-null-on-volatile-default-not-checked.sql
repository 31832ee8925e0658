-- expect: unsafe
-- rules: volatile-default-rewrite, set-not-null-full-scan
-- not-checked: yes
-- why: What existing rows hold in a column with a volatile default is known only once it runs: the data check says it was not checked.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column token uuid default gen_random_uuid();
alter table users alter column token set not null;
