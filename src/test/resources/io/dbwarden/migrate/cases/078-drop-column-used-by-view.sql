-- expect: fails
-- rules: dependent-object-prevents-drop
-- why: A view reads the column, so DROP COLUMN without CASCADE fails.
-- fixture: users
-- setup:
create view user_emails as select id, email from users;
-- migration:
set lock_timeout = '2s';
alter table users drop column email;
