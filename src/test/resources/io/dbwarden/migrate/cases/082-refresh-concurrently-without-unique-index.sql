-- expect: fails
-- rules: refresh-concurrently-requires-unique-index
-- why: REFRESH … CONCURRENTLY needs a unique index on the materialized view.
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
create materialized view order_totals as
  select user_id, sum(amount) as total from orders group by user_id;
-- migration:
refresh materialized view concurrently order_totals;
