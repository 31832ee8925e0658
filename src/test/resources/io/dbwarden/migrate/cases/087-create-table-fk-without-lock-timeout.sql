-- expect: unsafe
-- rules: lock-timeout-missing
-- why: The new table's FK takes ShareRowExclusiveLock on the existing table, with lock_timeout 0.
-- setup:
create table countries (code text primary key, name text not null);
insert into countries values ('de', 'Germany');
analyze countries;
-- migration:
create table addresses (
  id bigint generated always as identity primary key,
  country_code text not null references countries (code)
);
create index addresses_country_code_idx on addresses (country_code);
