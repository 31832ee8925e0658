-- expect: safe
-- rules: none
-- absent: index-created-non-concurrently
-- why: CREATE INDEX CONCURRENTLY in autocommit lets traffic continue.
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
create index concurrently users_email_idx on users (email);
