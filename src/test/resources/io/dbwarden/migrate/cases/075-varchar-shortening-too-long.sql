-- expect: fails
-- rules: type-cast-failure-existing-data
-- why: varchar(100) → varchar(10) fails because some values are longer.
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
alter table users alter column email type varchar(10);
