-- expect: safe
-- rules: none
-- absent: column-type-change-rewrite
-- why: numeric(10,2) → numeric(14,2): more precision at the same scale needs no rewrite.
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
alter table orders alter column amount type numeric(14,2);
