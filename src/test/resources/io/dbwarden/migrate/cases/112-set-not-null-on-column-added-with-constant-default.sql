-- expect: unsafe
-- rules: set-not-null-full-scan
-- why: Existing rows get the constant default of a column added earlier in the file, so SET NOT NULL succeeds; it still scans the table under AccessExclusiveLock.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column status text default 'active';
alter table users alter column status set not null;
