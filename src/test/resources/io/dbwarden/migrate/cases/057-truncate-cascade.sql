-- expect: unsafe
-- rules: truncate-table, truncate-cascade
-- why: TRUNCATE … CASCADE also empties the tables that reference it.
-- setup:
create table users (
  id bigint primary key,
  email varchar(100),
  name text not null,
  created_at timestamp not null default now()
);
insert into users (id, email, name)
select g, 'user' || g || '@example.com', 'User ' || g from generate_series(1, 5000) g;
analyze users;
create table orders (
  id bigint primary key,
  user_id bigint not null,
  amount numeric(10,2) not null
);
insert into orders (id, user_id, amount)
select g, 1 + (g % 5000), (g % 100) + 0.5 from generate_series(1, 8000) g;
analyze orders;
alter table orders add constraint orders_user_id_fkey foreign key (user_id) references users (id);
-- migration:
set lock_timeout = '2s';
truncate users cascade;
