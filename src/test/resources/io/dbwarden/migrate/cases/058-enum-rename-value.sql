-- expect: unsafe
-- rules: enum-value-rename
-- why: Renaming an enum label breaks code that writes or filters on the old label.
-- setup:
create type ticket_state as enum ('open', 'closed');
create table tickets (id integer primary key, state ticket_state not null);
insert into tickets select g, case when g % 2 = 0 then 'open' else 'closed' end::ticket_state
from generate_series(1, 500) g;
analyze tickets;
-- migration:
alter type ticket_state rename value 'closed' to 'resolved';
