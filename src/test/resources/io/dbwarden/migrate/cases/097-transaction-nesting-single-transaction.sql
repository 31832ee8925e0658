-- expect: unsafe
-- rules: transaction-nesting
-- mode: single_transaction
-- why: Under a runner that wraps the file, the file's own COMMIT ends the runner's transaction early.
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
begin;
set local lock_timeout = '2s';
alter table users add column nickname text;
commit;
alter table users add column bio text;
