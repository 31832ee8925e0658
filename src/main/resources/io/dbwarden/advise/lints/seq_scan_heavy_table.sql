-- seq-scan-heavy-table: tables with at least advisors.seq_scan_min_rows live rows that are mostly read by
-- sequential scans (index scans below advisors.seq_scan_max_index_percent of all scans), as PgHero's missing_indexes.
select s.schemaname || '.' || s.relname as subject,
       '' as discriminator,
       format('Table %I.%I (%s rows) was read by %s sequential scans and only %s index scans (%s%% by index).', s.schemaname,
              s.relname, s.n_live_tup, s.seq_scan, coalesce(s.idx_scan, 0),
              round(100.0 * coalesce(s.idx_scan, 0) / (s.seq_scan + coalesce(s.idx_scan, 0)), 1)) as detail,
       format('-- find the queries that scan it and index their filter columns: dbwarden query_analyzer --table %s.%s',
              s.schemaname, s.relname) as remediation,
       jsonb_build_object('schema', s.schemaname, 'name', s.relname, 'type', 'table', 'live_rows', s.n_live_tup,
                          'seq_scan', s.seq_scan, 'idx_scan', coalesce(s.idx_scan, 0), 'seq_tup_read', s.seq_tup_read) as evidence
from pg_stat_user_tables s
where s.n_live_tup >= :seq_scan_min_rows
  and s.seq_scan > 0
  and 100.0 * coalesce(s.idx_scan, 0) / (s.seq_scan + coalesce(s.idx_scan, 0)) < :seq_scan_max_index_percent
  and not s.schemaname = any(:excluded_schemas)
