-- expect: safe
-- rules: create-trigger-blocks-writes
-- why: CREATE TRIGGER takes a brief ShareRowExclusiveLock; fine with lock_timeout set.
-- fixture: users
-- setup:
alter table users add column updated_at timestamptz;
create function touch_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end $$;
-- migration:
set lock_timeout = '2s';
create trigger users_touch before update on users for each row execute function touch_updated_at();
