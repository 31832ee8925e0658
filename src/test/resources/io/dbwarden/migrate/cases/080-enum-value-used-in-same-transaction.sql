-- expect: fails
-- rules: enum-value-used-in-same-transaction
-- why: A new enum value cannot be used before the transaction that added it commits.
-- setup:
create type ticket_state as enum ('open', 'closed');
create table tickets (id integer primary key, state ticket_state not null);
insert into tickets select g, 'open' from generate_series(1, 100) g;
analyze tickets;
-- migration:
begin;
alter type ticket_state add value 'archived';
update tickets set state = 'archived' where id = 1;
commit;
