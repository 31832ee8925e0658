-- expect: fails
-- rules: non-transactional-statement-in-transaction
-- why: VACUUM cannot run inside a transaction block.
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
vacuum analyze users;
commit;
