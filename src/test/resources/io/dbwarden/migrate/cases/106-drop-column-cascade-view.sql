-- expect: unsafe
-- rules: drop-column, cascade-drops-dependents
-- why: DROP COLUMN … CASCADE silently drops the view that reads the column.
-- fixture: users
-- setup:
create view user_emails as select id, email from users;
-- migration:
set lock_timeout = '2s';
alter table users drop column email cascade;
