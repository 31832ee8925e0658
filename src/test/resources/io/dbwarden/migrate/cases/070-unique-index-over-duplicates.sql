-- expect: fails
-- rules: unique-violation-existing-duplicates
-- why: A unique index over duplicate values fails (and CONCURRENTLY leaves an INVALID index behind).
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
-- data:
insert into users (id, email, name) values (900001, 'user1@example.com', 'Twin');
-- migration:
create unique index concurrently users_email_key on users (email);
