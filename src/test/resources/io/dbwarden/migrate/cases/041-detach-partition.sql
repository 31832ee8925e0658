-- expect: unsafe
-- rules: detach-partition-non-concurrently
-- why: DETACH PARTITION takes AccessExclusiveLock on the whole partitioned table.
-- setup:
create table measurements (
  id bigint not null,
  taken_at timestamptz not null,
  value double precision
) partition by range (taken_at);
create table measurements_2024 partition of measurements
  for values from ('2024-01-01') to ('2025-01-01');
create table measurements_2025 partition of measurements
  for values from ('2025-01-01') to ('2026-01-01');
insert into measurements
select g, timestamptz '2024-01-01' + g * interval '2 hours', random() from generate_series(1, 8000) g;
analyze measurements;
-- migration:
set lock_timeout = '2s';
alter table measurements detach partition measurements_2024;
