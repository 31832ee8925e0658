-- CHECK and foreign key constraints added NOT VALID and never validated, with what a read-only probe needs to find
-- the rows that break them: the check expression, or the key columns and the referenced table and columns.
select n.nspname as schema_name, c.relname as table_name, k.conname as constraint_name, k.contype::text as kind,
       pg_get_expr(k.conbin, k.conrelid) as check_expr,
       array(select a.attname::text from unnest(k.conkey) with ordinality u(n, o)
             join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.o) as columns,
       rn.nspname as ref_schema, rc.relname as ref_table,
       array(select a.attname::text from unnest(k.confkey) with ordinality u(n, o)
             join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.o) as ref_columns,
       c.reltuples::bigint as rows_estimate
from pg_constraint k
join pg_class c on c.oid = k.conrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_class rc on rc.oid = k.confrelid
left join pg_namespace rn on rn.oid = rc.relnamespace
where not k.convalidated and k.contype in ('c', 'f')
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
order by 1, 2, 3
