-- Reads every index on user tables and materialized views: key columns or expressions, the full definition,
-- uniqueness, validity (a failed CREATE INDEX CONCURRENTLY leaves an invalid one), partial predicate and size.
select i.indrelid as relid,
       ic.relname as name,
       array(select pg_get_indexdef(i.indexrelid, k, true) from generate_series(1, i.indnkeyatts) k) as columns,
       pg_get_indexdef(i.indexrelid) as definition,
       am.amname as method,
       i.indisunique as is_unique,
       i.indisprimary as is_primary,
       i.indisvalid as is_valid,
       pg_get_expr(i.indpred, i.indrelid, true) as predicate,
       ic.relpages::bigint * current_setting('block_size')::bigint as size_bytes
from pg_index i
join pg_class ic on ic.oid = i.indexrelid
join pg_class c on c.oid = i.indrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_am am on am.oid = ic.relam
where c.relkind in ('r', 'p', 'm')
  and not c.relispartition
  and n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
order by i.indrelid, ic.relname
