-- expect: fails
-- rules: not-null-violation-existing-nulls
-- why: SET NOT NULL fails because some rows hold NULL.
-- fixture: users
-- data:
insert into users (id, email, name) values (900001, null, 'No Mail'), (900002, null, 'Also None');
-- migration:
set lock_timeout = '2s';
alter table users alter column email set not null;
