-- expect: unsafe
-- rules: set-logged-unlogged-rewrite
-- why: SET UNLOGGED rewrites the table.
-- setup:
create table page_views (id bigint primary key, path text not null);
insert into page_views select g, '/p/' || g from generate_series(1, 5000) g;
analyze page_views;
-- migration:
set lock_timeout = '2s';
alter table page_views set unlogged;
