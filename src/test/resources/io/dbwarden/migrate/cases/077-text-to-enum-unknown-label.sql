-- expect: fails
-- rules: type-cast-failure-existing-data
-- why: Converting text to an enum fails on a value that is not a label.
-- setup:
create type priority as enum ('low', 'high');
create table tasks (id integer primary key, priority text not null);
insert into tasks select g, case when g % 2 = 0 then 'low' else 'high' end from generate_series(1, 2000) g;
analyze tasks;
-- data:
insert into tasks values (900001, 'urgent');
-- migration:
set lock_timeout = '2s';
alter table tasks alter column priority type priority using priority::priority;
