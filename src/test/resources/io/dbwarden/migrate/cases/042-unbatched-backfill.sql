-- expect: unsafe
-- rules: unbatched-backfill
-- why: An UPDATE of every row of a large table in one transaction (statistics faked to 2 M rows).
-- setup:
create table events (id bigint primary key, kind text, processed boolean);
insert into events select g, 'click', false from generate_series(1, 10000) g;
analyze events;
alter table events set (autovacuum_enabled = false);
update pg_class set reltuples = 2000000, relpages = 30000 where oid = 'events'::regclass;
-- migration:
update events set processed = true;
