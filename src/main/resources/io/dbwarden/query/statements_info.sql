-- When pg_stat_statements was last reset and how many entries it has evicted (pg_stat_statements_info, PostgreSQL 14+;
-- its schema is substituted for %1$s). A reset or an eviction between two snapshots changes how their deltas are read.
select dealloc, stats_reset::text as stats_reset from %1$s.pg_stat_statements_info
