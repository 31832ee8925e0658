-- expect: safe
-- rules: none
-- absent: attach-partition-full-scan
-- why: A validated CHECK matching the bound (on a NOT NULL key) lets ATTACH skip the scan.
-- setup:
create table measurements (
  id bigint not null,
  taken_at timestamptz not null,
  value double precision
) partition by range (taken_at);
create table measurements_2026 (id bigint not null, taken_at timestamptz not null, value double precision);
insert into measurements_2026
select g, timestamptz '2026-01-01' + g * interval '1 hour', 1 from generate_series(1, 5000) g;
alter table measurements_2026 add constraint measurements_2026_bound
  check (taken_at >= '2026-01-01' and taken_at < '2027-01-01');
analyze measurements_2026;
-- migration:
set lock_timeout = '2s';
alter table measurements attach partition measurements_2026 for values from ('2026-01-01') to ('2027-01-01');
alter table measurements_2026 drop constraint measurements_2026_bound;
