-- expect: unsafe
-- rules: auto-increment-column-rewrite
-- why: Adding a bigserial column fills every existing row with a sequence value: a rewrite.
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
alter table users add column seq bigserial;
