-- expect: safe
-- rules: none
-- absent: domain-constraint-validation
-- why: ALTER DOMAIN … ADD CONSTRAINT … NOT VALID checks no existing value and takes no table lock.
-- setup:
create domain quantity as integer;
create table stock (id integer primary key, qty quantity);
insert into stock select g, g % 50 + 1 from generate_series(1, 3000) g;
analyze stock;
-- migration:
alter domain quantity add constraint quantity_positive check (value > 0) not valid;
