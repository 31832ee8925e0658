-- expect: safe
-- rules: fk-missing-index
-- why: A new table referencing an existing small table: a brief ShareRowExclusiveLock with lock_timeout set.
-- setup:
create table countries (code text primary key, name text not null);
insert into countries values ('de', 'Germany'), ('fr', 'France');
analyze countries;
-- migration:
set lock_timeout = '2s';
create table addresses (
  id bigint generated always as identity primary key,
  country_code text not null references countries (code),
  line1 text not null
);
