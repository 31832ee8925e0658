-- Reads the indexes a script must create itself: those not made by a PRIMARY KEY, UNIQUE or EXCLUDE constraint,
-- on user tables, partitions and materialized views, with validity (a failed CREATE INDEX CONCURRENTLY leaves an
-- invalid one, which a shadow cannot reproduce). depth is how deep in a partition tree the table sits, so that
-- partitions' indexes are made, with their own names, before the parent's index adopts them.
select format('%I.%I', n.nspname, ic.relname) as qualified,
       quote_ident(ic.relname) as name,
       pg_get_indexdef(i.indexrelid) as definition,
       ic.relkind = 'I' as partitioned,
       i.indisunique as is_unique,
       i.indisvalid as is_valid,
       (select count(*) - 1 from pg_partition_ancestors(c.oid)) as depth
from pg_index i
join pg_class ic on ic.oid = i.indexrelid
join pg_class c on c.oid = i.indrelid
join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'm')
  and not exists (select 1 from pg_constraint con
                  where con.conindid = i.indexrelid and con.conrelid = i.indrelid and con.contype in ('p', 'u', 'x'))
  and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend e
                  where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')
order by depth desc, n.nspname, c.relname, ic.relname
