-- Reads enum types with their labels in declaration order.
select n.nspname as schema, t.typname as name,
       array(select e.enumlabel from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder) as labels,
       obj_description(t.oid, 'pg_type') as comment
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
where t.typtype = 'e'
  and n.nspname not in ('pg_catalog', 'information_schema')
  and not exists (select 1 from pg_depend d
                  where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
order by 1, 2
