-- Reads installed extensions with their schema, those that others require first. An extension whose script made
-- its own schema is created without WITH SCHEMA, so that the script makes it again. plpgsql is in every database.
with recursive requires as (
  select e.oid, 0 as depth from pg_extension e
  union all
  select d.objid, r.depth + 1
  from requires r
  join pg_depend d on d.classid = 'pg_extension'::regclass and d.refclassid = 'pg_extension'::regclass
                  and d.refobjid = r.oid and d.deptype = 'n'
  where r.depth < 20
)
select e.extname as name,
       quote_ident(e.extname) as quoted,
       quote_ident(n.nspname) as schema,
       exists (select 1 from pg_depend d
               where d.classid = 'pg_namespace'::regclass and d.objid = n.oid
                 and d.refclassid = 'pg_extension'::regclass and d.refobjid = e.oid and d.deptype = 'e') as owns_schema,
       (select max(r.depth) from requires r where r.oid = e.oid) as depth
from pg_extension e
join pg_namespace n on n.oid = e.extnamespace
where e.extname <> 'plpgsql'
  and n.nspname <> 'dbwarden'
order by depth, e.extname
