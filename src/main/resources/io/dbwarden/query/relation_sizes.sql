-- Row estimate and size (from relpages, which takes no lock) of every ordinary table, by qualified name: what makes a
-- sequential scan "large" and a nested loop's outer side expensive.
select n.nspname || '.' || c.relname as relation, greatest(c.reltuples, 0)::bigint as row_estimate,
       c.relpages::bigint * current_setting('block_size')::bigint as bytes
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'm')
  and n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname !~ '^pg_toast'
