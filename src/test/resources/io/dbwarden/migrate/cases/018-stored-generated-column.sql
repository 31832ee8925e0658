-- expect: unsafe
-- rules: stored-generated-column-rewrite
-- why: Adding a STORED generated column computes and writes it for every row.
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
alter table orders add column amount_cents bigint generated always as ((amount * 100)::bigint) stored;
