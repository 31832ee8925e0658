-- expect: unsafe
-- rules: domain-constraint-validation
-- why: ALTER DOMAIN … ADD CONSTRAINT takes ShareLock on every table using the domain while checking it.
-- setup:
create domain quantity as integer;
create table stock (id integer primary key, qty quantity);
insert into stock select g, g % 50 + 1 from generate_series(1, 3000) g;
analyze stock;
-- migration:
set lock_timeout = '2s';
alter domain quantity add constraint quantity_positive check (value > 0);
