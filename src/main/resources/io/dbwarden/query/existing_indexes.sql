-- Every index on an ordinary table, for the index advisor: key columns (null where a key is an expression), access
-- method, validity, uniqueness and predicate. It tells which candidates an existing index already covers. (Which indexes to drop
-- is judged by the advisors' duplicate-index, prefix-redundant-index and unused-index rules.)
select n.nspname || '.' || t.relname as relation,
       ci.relname as index_name,
       am.amname as method,
       i.indisvalid as is_valid,
       i.indisunique as is_unique,
       pg_get_expr(i.indpred, i.indrelid) as predicate,
       array(select a.attname
             from generate_series(0, i.indnkeyatts - 1) as k(pos)
             left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[k.pos] and i.indkey[k.pos] <> 0
             order by k.pos)::text[] as key_columns
from pg_index i
join pg_class ci on ci.oid = i.indexrelid
join pg_class t on t.oid = i.indrelid
join pg_namespace n on n.oid = t.relnamespace
join pg_am am on am.oid = ci.relam
where t.relkind in ('r', 'p', 'm')
  and n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname !~ '^pg_toast'
order by 1, 2
