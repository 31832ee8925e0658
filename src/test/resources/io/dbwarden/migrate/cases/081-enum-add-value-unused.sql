-- expect: safe
-- rules: none
-- why: ALTER TYPE … ADD VALUE takes no relation lock; nothing uses the value yet.
-- setup:
create type ticket_state as enum ('open', 'closed');
create table tickets (id integer primary key, state ticket_state not null);
insert into tickets select g, 'open' from generate_series(1, 100) g;
analyze tickets;
-- migration:
alter type ticket_state add value if not exists 'archived';
