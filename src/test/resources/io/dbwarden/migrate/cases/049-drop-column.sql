-- expect: unsafe
-- rules: drop-column
-- why: DROP COLUMN loses data and breaks code that still uses it.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users drop column email;
