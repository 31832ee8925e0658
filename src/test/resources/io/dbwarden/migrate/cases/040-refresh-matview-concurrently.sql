-- expect: safe
-- rules: none
-- why: REFRESH … CONCURRENTLY with a unique index lets reads continue.
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
create unique index order_totals_user_id_key on order_totals (user_id);
-- migration:
set lock_timeout = '2s';
refresh materialized view concurrently order_totals;
