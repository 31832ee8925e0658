-- Reads stand-alone composite types (CREATE TYPE … AS (…)), not the row types that every table has.
select n.nspname as schema, t.typname as name,
       array(select a.attname from pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped
             order by a.attnum) as attr_names,
       array(select format_type(a.atttypid, a.atttypmod) from pg_attribute a
             where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped order by a.attnum) as attr_types,
       obj_description(t.oid, 'pg_type') as comment
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
join pg_class c on c.oid = t.typrelid
where t.typtype = 'c' and c.relkind = 'c'
  and n.nspname not in ('pg_catalog', 'information_schema')
  and not exists (select 1 from pg_depend d
                  where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
order by 1, 2
