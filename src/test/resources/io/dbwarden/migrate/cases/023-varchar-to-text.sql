-- expect: safe
-- rules: none
-- absent: column-type-change-rewrite
-- why: varchar → text is binary coercible and keeps the indexes.
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
alter table users alter column email type text;
