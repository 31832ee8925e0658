-- expect: safe
-- rules: autovacuum-disabled
-- why: Disabling autovacuum is advice, not a lock hazard.
-- fixture: users
-- migration:
alter table users set (autovacuum_enabled = false);
