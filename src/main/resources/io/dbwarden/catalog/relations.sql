-- Reads tables, partitioned and foreign tables, views and materialized views in user schemas, with RLS flags,
-- comments, view definitions and size estimates. Sizes come from relpages, not pg_total_relation_size, because
-- the latter takes a lock on every table and would queue behind a migration's ACCESS EXCLUSIVE lock.
select c.oid,
       n.nspname as schema,
       c.relname as name,
       c.relkind::text as relkind,
       pg_get_userbyid(c.relowner) as owner,
       obj_description(c.oid, 'pg_class') as comment,
       c.relrowsecurity as rls_enabled,
       c.relforcerowsecurity as rls_forced,
       greatest(c.reltuples, 0)::bigint as row_estimate,
       ((c.relpages::bigint
         + coalesce((select t.relpages from pg_class t where t.oid = c.reltoastrelid), 0)
         + coalesce((select sum(ic.relpages) from pg_index i join pg_class ic on ic.oid = i.indexrelid
                     where i.indrelid = c.oid), 0))
        * current_setting('block_size')::bigint) as total_bytes,
       case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid, true) end as definition
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'f', 'v', 'm')
  and n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not c.relispartition
  and not exists (select 1 from pg_depend d
                  where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
order by 2, 3
