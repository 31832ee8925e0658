-- expect: unsafe
-- rules: vacuum-full-or-cluster
-- why: CLUSTER rewrites the table under AccessExclusiveLock.
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
create index users_created_idx on users (created_at);
-- migration:
set lock_timeout = '2s';
cluster users using users_created_idx;
