-- expect: safe
-- rules: none
-- why: DROP INDEX CONCURRENTLY outside a transaction only takes ShareUpdateExclusiveLock.
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
create index users_email_idx on users (email);
-- migration:
drop index concurrently if exists users_email_idx;
