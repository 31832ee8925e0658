-- Every index on an ordinary table, for the index advisor: key columns (null where a key is an expression), access
-- method, predicate, uniqueness and constraint, size, and scans since the statistics were reset. It tells which
-- candidates an existing index already covers, and which indexes are unused, duplicate or a prefix of another.
select n.nspname || '.' || t.relname as relation,
       n.nspname as schema_name,
       ci.relname as index_name,
       am.amname as method,
       i.indisunique as is_unique,
       i.indisprimary as is_primary,
       i.indisvalid as is_valid,
       exists (select 1 from pg_constraint k where k.conindid = i.indexrelid) as backs_constraint,
       i.indexprs is not null as has_expressions,
       pg_get_expr(i.indpred, i.indrelid) as predicate,
       array(select a.attname
             from generate_series(0, i.indnkeyatts - 1) as k(pos)
             left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[k.pos] and i.indkey[k.pos] <> 0
             order by k.pos)::text[] as key_columns,
       regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE (UNIQUE )?INDEX \S+ ON ', '') as shape,
       pg_relation_size(i.indexrelid) as bytes,
       coalesce(s.idx_scan, 0) as idx_scan,
       (select d.stats_reset from pg_stat_database d where d.datname = current_database()) as stats_reset
from pg_index i
join pg_class ci on ci.oid = i.indexrelid
join pg_class t on t.oid = i.indrelid
join pg_namespace n on n.oid = t.relnamespace
join pg_am am on am.oid = ci.relam
left join pg_stat_user_indexes s on s.indexrelid = i.indexrelid
where t.relkind in ('r', 'p', 'm')
  and n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname !~ '^pg_toast'
order by 1, 3
