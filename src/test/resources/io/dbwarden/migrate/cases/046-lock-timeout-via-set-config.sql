-- expect: safe
-- rules: none
-- absent: lock-timeout-missing
-- why: set_config('lock_timeout', …, false) sets it for the session.
-- fixture: users
-- migration:
select set_config('lock_timeout', '2s', false);
alter table users add column nickname text;
