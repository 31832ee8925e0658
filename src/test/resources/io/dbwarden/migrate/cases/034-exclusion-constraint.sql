-- expect: unsafe
-- rules: exclusion-constraint-blocking
-- why: An exclusion constraint builds a GiST index and checks every row under AccessExclusiveLock.
-- setup:
create table bookings (id integer primary key, during tsrange not null);
insert into bookings
select g, tsrange(timestamp '2024-01-01' + g * interval '1 hour', timestamp '2024-01-01' + (g + 1) * interval '1 hour')
from generate_series(1, 2000) g;
analyze bookings;
-- migration:
set lock_timeout = '2s';
alter table bookings add constraint bookings_no_overlap exclude using gist (during with &&);
