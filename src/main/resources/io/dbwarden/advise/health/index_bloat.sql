-- index-bloat (check_health): B-tree indexes whose pages hold far fewer entries than they could, the space a REINDEX
-- gives back. The expected size comes from the index's reltuples and its columns' average width in pg_stats: an
-- 8-byte tuple header, a 4-byte null bitmap when a column can be null, MAXALIGN to 8 bytes, a 4-byte line pointer,
-- pages of block_size less the 24-byte page header and the 16-byte B-tree special space, filled to the index's
-- fillfactor (90 by default), plus the metapage. Expression indexes and columns never analyzed have no usable
-- pg_stats and are skipped. Deduplicated indexes (PostgreSQL 13+) can be smaller than estimated, so the estimate errs
-- towards not firing. Thresholds: advisors.index_bloat_min_percent and advisors.index_bloat_min_mb.
with key_widths as (
    select i.indexrelid,
           sum((1 - coalesce(s.null_frac, 0)) * s.avg_width)::numeric as data_width,
           bool_or(coalesce(s.null_frac, 0) > 0) as has_nulls,
           count(s.attname) as with_stats,
           count(*) as columns
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    cross join lateral unnest(i.indkey::int2[]) k(attnum)
    left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
    left join pg_stats s on s.schemaname = n.nspname and s.tablename = t.relname and s.attname = a.attname and not s.inherited
    where i.indexprs is null
    group by i.indexrelid
),
estimate as (
    select n.nspname, ic.relname as index_name, t.relname as table_name, ic.relpages, ic.reltuples,
           current_setting('block_size')::numeric as bs,
           coalesce((select substring(o from 'fillfactor=([0-9]+)')::int from unnest(ic.reloptions) o where o like 'fillfactor=%'), 90) as fillfactor,
           ceil((8 + case when w.has_nulls then 4 else 0 end + w.data_width) / 8.0) * 8 + 4 as entry_bytes
    from key_widths w
    join pg_index i on i.indexrelid = w.indexrelid
    join pg_class ic on ic.oid = i.indexrelid
    join pg_am am on am.oid = ic.relam and am.amname = 'btree'
    join pg_class t on t.oid = i.indrelid
    join pg_namespace n on n.oid = ic.relnamespace
    where w.with_stats = w.columns and ic.relpages > 1 and ic.reltuples >= 0
      and not n.nspname = any(:excluded_schemas)
      and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
),
waste as (
    select e.*, greatest(e.relpages - 1 - ceil(e.reltuples::numeric * e.entry_bytes / ((e.bs - 24 - 16) * e.fillfactor / 100.0)), 0) as wasted_pages
    from estimate e
)
select format('%I.%I', nspname, index_name) as index_name,
       format('%I.%I', nspname, table_name) as table_name,
       relpages::bigint as pages,
       reltuples::bigint as entries,
       wasted_pages::bigint as wasted_pages,
       (wasted_pages * bs)::bigint as wasted_bytes,
       round(100.0 * wasted_pages / relpages, 1) as wasted_percent
from waste
where wasted_pages * bs >= :index_bloat_min_bytes
  and 100.0 * wasted_pages / relpages >= :index_bloat_min_percent
order by wasted_pages * bs desc
