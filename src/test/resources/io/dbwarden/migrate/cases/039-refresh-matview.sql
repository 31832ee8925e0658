-- expect: unsafe
-- rules: refresh-matview-non-concurrently
-- why: A plain REFRESH blocks every read of the materialized view.
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
set lock_timeout = '2s';
refresh materialized view order_totals;
