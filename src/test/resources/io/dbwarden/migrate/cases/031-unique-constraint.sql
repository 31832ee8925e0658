-- expect: unsafe
-- rules: unique-constraint-blocking-index-build
-- why: ADD CONSTRAINT … UNIQUE builds its index under AccessExclusiveLock.
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
alter table users add constraint users_email_key unique (email);
