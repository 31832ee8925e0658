-- expect: safe
-- rules: none
-- why: A short DDL transaction with SET LOCAL timeouts.
-- fixture: users
-- setup:
create table orders (
  id bigint primary key,
  user_id bigint not null,
  amount numeric(10,2) not null
);
insert into orders (id, user_id, amount)
select g, 1 + (g % 5000), (g % 100) + 0.5 from generate_series(1, 8000) g;
analyze orders;
-- migration:
begin;
set local lock_timeout = '1s';
set local statement_timeout = '5s';
alter table orders add column note text;
commit;
