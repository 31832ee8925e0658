-- expect: unsafe
-- rules: check-constraint-without-not-valid
-- why: The column is added by the same migration without a default, so every existing row holds NULL, which passes the CHECK; only the scan under AccessExclusiveLock is a problem.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column score integer;
alter table users add constraint users_score_positive check (score > 0);
