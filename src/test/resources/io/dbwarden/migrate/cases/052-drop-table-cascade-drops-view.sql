-- expect: unsafe
-- rules: drop-table, cascade-drops-dependents
-- why: CASCADE silently drops the view that reads the table.
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
create view user_emails as select id, email from users;
-- migration:
set lock_timeout = '2s';
drop table users cascade;
