-- expect: unsafe
-- rules: drop-table, cascade-drops-dependents
-- why: CASCADE silently drops the view that reads the table.
-- fixture: users
-- setup:
create view user_emails as select id, email from users;
-- migration:
set lock_timeout = '2s';
drop table users cascade;
