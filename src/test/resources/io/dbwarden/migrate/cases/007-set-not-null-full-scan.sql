-- expect: unsafe
-- rules: set-not-null-full-scan
-- why: SET NOT NULL scans the whole table under AccessExclusiveLock when no validated CHECK proves it.
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
alter table users alter column email set not null;
