-- expect: unsafe
-- rules: index-dropped-non-concurrently
-- why: DROP INDEX takes AccessExclusiveLock on the table.
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
set lock_timeout = '2s';
drop index users_email_idx;
