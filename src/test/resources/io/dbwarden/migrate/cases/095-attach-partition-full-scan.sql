-- expect: unsafe
-- rules: attach-partition-full-scan
-- why: ATTACH PARTITION scans the new partition under AccessExclusiveLock when no CHECK proves the bound.
-- setup:
create table measurements (
  id bigint not null,
  taken_at timestamptz not null,
  value double precision
) partition by range (taken_at);
create table measurements_2026 (id bigint not null, taken_at timestamptz not null, value double precision);
insert into measurements_2026
select g, timestamptz '2026-01-01' + g * interval '1 hour', 1 from generate_series(1, 5000) g;
analyze measurements_2026;
-- migration:
set lock_timeout = '2s';
alter table measurements attach partition measurements_2026 for values from ('2026-01-01') to ('2027-01-01');
