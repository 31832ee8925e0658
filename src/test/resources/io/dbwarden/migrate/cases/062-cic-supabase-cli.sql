-- expect: safe
-- rules: none
-- absent: concurrent-index-in-transaction
-- mode: supabase
-- why: The Supabase CLI (2.109+) sends CREATE INDEX CONCURRENTLY on its own, outside its batch.
-- fixture: users
-- migration:
set lock_timeout = '2s';
create index concurrently users_email_idx on users (email);
