-- expect: safe
-- rules: none
-- absent: column-type-change-rewrite
-- why: timestamp → timestamptz needs no rewrite when the session TimeZone is UTC (PG12+).
-- setup:
create table logins (id bigint primary key, at timestamp not null);
insert into logins select g, timestamp '2024-01-01' + g * interval '1 minute' from generate_series(1, 3000) g;
analyze logins;
-- migration:
set time zone 'UTC';
set lock_timeout = '2s';
alter table logins alter column at type timestamptz;
