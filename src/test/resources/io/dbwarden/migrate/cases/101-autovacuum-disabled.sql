-- expect: safe
-- rules: autovacuum-disabled
-- why: Disabling autovacuum is advice, not a lock hazard.
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
alter table users set (autovacuum_enabled = false);
