-- expect: safe
-- rules: create-trigger-blocks-writes
-- why: CREATE TRIGGER takes a brief ShareRowExclusiveLock; fine with lock_timeout set.
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
alter table users add column updated_at timestamptz;
create function touch_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end $$;
-- migration:
set lock_timeout = '2s';
create trigger users_touch before update on users for each row execute function touch_updated_at();
