-- expect: unsafe
-- rules: drop-table
-- why: DROP TABLE loses data.
-- setup:
create table sessions (id bigint primary key, token text);
insert into sessions select g, md5(g::text) from generate_series(1, 1000) g;
analyze sessions;
-- migration:
set lock_timeout = '2s';
drop table sessions;
