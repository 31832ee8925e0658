-- expect: safe
-- rules: none
-- absent: unique-constraint-blocking-index-build
-- why: Build the unique index concurrently, then attach it as a constraint: instant.
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
create unique index concurrently users_email_key on users (email);
alter table users add constraint users_email_key unique using index users_email_key;
