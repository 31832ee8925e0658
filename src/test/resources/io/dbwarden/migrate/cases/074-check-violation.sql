-- expect: fails
-- rules: check-violation-existing-rows
-- why: A valid CHECK add fails when rows violate it.
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
-- data:
insert into orders (id, user_id, amount) values (900001, 1, -5);
-- migration:
set lock_timeout = '2s';
alter table orders add constraint orders_amount_positive check (amount > 0);
