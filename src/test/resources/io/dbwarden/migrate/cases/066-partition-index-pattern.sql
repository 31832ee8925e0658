-- expect: safe
-- rules: none
-- absent: index-created-non-concurrently, concurrent-index-on-partitioned-table
-- why: ON ONLY parent (instant, invalid) + CIC per partition + ATTACH: the parent index becomes valid online.
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
create index measurements_taken_idx on only measurements (taken_at);
create index concurrently measurements_2024_taken_idx on measurements_2024 (taken_at);
alter index measurements_taken_idx attach partition measurements_2024_taken_idx;
create index concurrently measurements_2025_taken_idx on measurements_2025 (taken_at);
alter index measurements_taken_idx attach partition measurements_2025_taken_idx;
