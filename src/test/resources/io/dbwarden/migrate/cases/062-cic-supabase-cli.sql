-- expect: safe
-- rules: none
-- absent: concurrent-index-in-transaction
-- mode: supabase
-- why: The Supabase CLI (2.109+) sends CREATE INDEX CONCURRENTLY on its own, outside its batch.
-- setup:
create table users (
  id bigint primary key,
  email varchar(100),
  name text not null,
  created_at timestamp not null default now()
);
insert into users (id, email, name)
select g, 'user' || g || '@example.com', 'User ' || g from generate_series(1, 5000) g;
analyze users;
-- migration:
set lock_timeout = '2s';
create index concurrently users_email_idx on users (email);
