-- expect: unsafe
-- rules: primary-key-blocking-index-build
-- why: ADD PRIMARY KEY builds its index under AccessExclusiveLock.
-- setup:
create table tags (id integer not null, name text not null);
insert into tags select g, 'tag' || g from generate_series(1, 4000) g;
analyze tags;
-- migration:
set lock_timeout = '2s';
alter table tags add primary key (id);
