-- expect: fails
-- rules: type-cast-failure-existing-data
-- why: varchar(100) → varchar(10) fails because some values are longer.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users alter column email type varchar(10);
