-- expect: fails
-- rules: check-violation-existing-rows
-- why: Every existing row gets the new column's default -1, which the CHECK added later in the file rejects, even with NOT VALID + VALIDATE.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column discount integer not null default -1;
alter table users add constraint users_discount_range check (discount between 0 and 100) not valid;
alter table users validate constraint users_discount_range;
