-- table-bloat (splinter 0020): tables whose pages hold far fewer live rows than they could. The expected size comes
-- from reltuples and the average row width in pg_stats (header, alignment and line pointer included), as in the
-- usual ioguix estimate; tables never analyzed have no pg_stats and are skipped. Unlike splinter's 70x rule, it fires
-- at a wasted share and byte count that matter (advisors.bloat_min_percent, advisors.bloat_min_bytes).
with widths as (
    select s.schemaname, s.tablename, sum((1 - coalesce(s.null_frac, 0)) * coalesce(s.avg_width, 0))::numeric as data_width,
           max(coalesce(s.null_frac, 0)) > 0 as has_nulls, count(*) as columns
    from pg_stats s
    where not s.inherited
    group by s.schemaname, s.tablename
),
estimate as (
    select n.nspname, c.relname, c.oid, c.relpages, c.reltuples, current_setting('block_size')::numeric as bs,
           coalesce((select substring(o from 'fillfactor=([0-9]+)')::int from unnest(c.reloptions) o where o like 'fillfactor=%'), 100) as fillfactor,
           -- 23-byte header rounded to 24 by MAXALIGN, the null bitmap when any column can be null, 4-byte line pointer
           ceil((24 + case when w.has_nulls then ceil(w.columns / 8.0) else 0 end + w.data_width) / 8.0) * 8 + 4 as row_bytes
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join widths w on w.schemaname = n.nspname and w.tablename = c.relname
    where c.relkind = 'r' and c.relpages > 0 and c.reltuples >= 0
      and not n.nspname = any(:excluded_schemas)
      and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
),
waste as (
    select e.*, greatest(e.relpages - ceil(e.reltuples::numeric * e.row_bytes / ((e.bs - 24) * e.fillfactor / 100.0)), 0) as wasted_pages
    from estimate e
)
select nspname || '.' || relname as subject,
       '' as discriminator,
       format('Table %I.%I is about %s%% dead space: %s of its %s are not needed for its %s live rows.', nspname, relname,
              round(100.0 * wasted_pages / relpages), pg_size_pretty((wasted_pages * bs)::bigint), pg_size_pretty((relpages * bs)::bigint),
              reltuples::bigint) as detail,
       format('-- without downtime: pg_repack -t %I.%I; with an exclusive lock: vacuum full %I.%I;  then tune autovacuum for it',
              nspname, relname, nspname, relname) as remediation,
       jsonb_build_object('schema', nspname, 'name', relname, 'type', 'table', 'pages', relpages, 'wasted_pages', wasted_pages,
                          'wasted_bytes', (wasted_pages * bs)::bigint, 'wasted_percent', round(100.0 * wasted_pages / relpages, 1)) as evidence
from waste
where wasted_pages * bs >= :bloat_min_bytes
  and 100.0 * wasted_pages / relpages >= :bloat_min_percent
