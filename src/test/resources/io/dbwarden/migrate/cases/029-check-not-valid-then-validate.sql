-- expect: safe
-- rules: none
-- why: CHECK … NOT VALID, then VALIDATE in a separate transaction.
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
set lock_timeout = '2s';
alter table orders add constraint orders_amount_positive check (amount > 0) not valid;
alter table orders validate constraint orders_amount_positive;
