-- expect: unsafe
-- rules: lock-timeout-missing
-- why: ALTER TABLE requests AccessExclusiveLock with lock_timeout 0: it can queue behind a long transaction.
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
alter table users add column nickname text;
