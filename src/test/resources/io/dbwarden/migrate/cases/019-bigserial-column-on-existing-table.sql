-- expect: unsafe
-- rules: auto-increment-column-rewrite
-- why: Adding a bigserial column fills every existing row with a sequence value: a rewrite.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column seq bigserial;
