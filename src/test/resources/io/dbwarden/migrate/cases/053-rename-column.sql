-- expect: unsafe
-- rules: rename-column
-- why: Renaming a column breaks running code.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users rename column email to email_address;
