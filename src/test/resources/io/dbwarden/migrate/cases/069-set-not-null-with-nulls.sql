-- expect: fails
-- rules: not-null-violation-existing-nulls
-- why: SET NOT NULL fails because some rows hold NULL.
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
insert into users (id, email, name) values (900001, null, 'No Mail'), (900002, null, 'Also None');
-- migration:
set lock_timeout = '2s';
alter table users alter column email set not null;
