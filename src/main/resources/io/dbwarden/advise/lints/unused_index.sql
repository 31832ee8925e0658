-- unused-index (splinter 0005): indexes never scanned since statistics began, that enforce nothing (not unique, not
-- primary, not behind an exclusion constraint). The Java side skips this rule while the statistics are younger than
-- advisors.unused_index_min_stats_days, because then "never used" means "not measured yet".
select n.nspname || '.' || c.relname || '.' || ic.relname as subject,
       '' as discriminator,
       format('Index %I on %I.%I (%s) has not been scanned since statistics were last reset%s; it still slows every write.',
              ic.relname, n.nspname, c.relname, pg_size_pretty(ic.relpages::bigint * current_setting('block_size')::bigint),
              coalesce(' (' || to_char(d.stats_reset, 'YYYY-MM-DD') || ')', '')) as detail,
       format('drop index concurrently %I.%I;  -- check read replicas first: scans there do not count here', n.nspname, ic.relname) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table', 'index', ic.relname,
                          'index_bytes', ic.relpages::bigint * current_setting('block_size')::bigint, 'stats_reset', d.stats_reset) as evidence
from pg_stat_user_indexes s
join pg_index i on i.indexrelid = s.indexrelid
join pg_class ic on ic.oid = i.indexrelid
join pg_class c on c.oid = i.indrelid
join pg_namespace n on n.oid = c.relnamespace
cross join (select stats_reset from pg_stat_database where datname = current_database()) d
where s.idx_scan = 0
  and not i.indisunique and not i.indisprimary
  and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.contype = 'x')
  and not n.nspname = any(:excluded_schemas)
  and not exists (select 1 from pg_depend dp where dp.classid = 'pg_class'::regclass and dp.objid = c.oid and dp.deptype = 'e')
