-- expect: unsafe
-- rules: drop-primary-key
-- why: Dropping the primary key breaks upserts, ORMs and replication identity.
-- setup:
create table notes (id bigint primary key, body text);
insert into notes select g, 'b' from generate_series(1, 500) g;
analyze notes;
-- migration:
set lock_timeout = '2s';
alter table notes drop constraint notes_pkey;
