-- expect: unsafe
-- rules: volatile-default-rewrite
-- why: gen_random_uuid() is VOLATILE: every existing row gets its own value, so the table is rewritten.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column public_id uuid not null default gen_random_uuid();
