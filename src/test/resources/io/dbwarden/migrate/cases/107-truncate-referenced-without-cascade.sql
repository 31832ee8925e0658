-- expect: fails
-- rules: dependent-object-prevents-drop
-- why: TRUNCATE of a table another table references by FK fails without CASCADE.
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
alter table orders add constraint orders_user_id_fkey foreign key (user_id) references users (id);
-- migration:
set lock_timeout = '2s';
truncate users;
