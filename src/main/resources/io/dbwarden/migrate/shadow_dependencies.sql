-- Reads the dependencies that decide creation order between types, sequences, tables, functions and views: column
-- types, column defaults and CHECKs (pg_attrdef, pg_constraint), view bodies (pg_rewrite), SQL-standard function
-- bodies, argument and result types, partitions on their parents, domains on their base types. Each side is mapped
-- to the object a script statement creates: a table for its row type or its column, the element for an array type,
-- the range for a multirange, the view for its rule, the table for its identity sequence (a default may call
-- nextval on another table's identity sequence). A sequence's ownership is not an ordering dependency (it is
-- set after the tables); built-in objects (oid < 16384) never need creating.
with edges as (
  select d.classid, d.objid, d.refclassid, d.refobjid
  from pg_depend d
  where d.deptype in ('n', 'a')
    and d.objid >= 16384
    and d.refobjid >= 16384
    and d.classid in ('pg_class'::regclass, 'pg_type'::regclass, 'pg_proc'::regclass, 'pg_attrdef'::regclass,
                      'pg_constraint'::regclass, 'pg_rewrite'::regclass)
    and d.refclassid in ('pg_class'::regclass, 'pg_type'::regclass, 'pg_proc'::regclass)
),
keyed as (
  select case e.classid
           when 'pg_class'::regclass then
             (select case c.relkind when 'c' then 't' || c.reltype when 'S' then null else 'c' || c.oid end
              from pg_class c where c.oid = e.objid)
           when 'pg_type'::regclass then 't' || e.objid
           when 'pg_proc'::regclass then 'p' || e.objid
           when 'pg_attrdef'::regclass then 'd' || e.objid
           when 'pg_constraint'::regclass then 'k' || e.objid
           when 'pg_rewrite'::regclass then (select 'c' || r.ev_class from pg_rewrite r where r.oid = e.objid)
         end as dependent,
         case e.refclassid
           when 'pg_class'::regclass then
             (select case c.relkind
                       when 'c' then 't' || c.reltype
                       when 'S' then coalesce((select 'c' || i.refobjid from pg_depend i
                                               where i.classid = 'pg_class'::regclass and i.objid = c.oid
                                                 and i.refclassid = 'pg_class'::regclass and i.deptype = 'i' limit 1),
                                              'c' || c.oid)
                       else 'c' || c.oid
                     end
              from pg_class c where c.oid = e.refobjid)
           when 'pg_proc'::regclass then 'p' || e.refobjid
           when 'pg_type'::regclass then
             (select case
                       when b.typrelid <> 0 and bc.relkind <> 'c' then 'c' || b.typrelid
                       when b.typtype = 'm' then (select 't' || r.rngtypid from pg_range r where r.rngmultitypid = b.oid)
                       else 't' || b.oid
                     end
              from pg_type t
              join pg_type b on b.oid = case when t.typcategory = 'A' and t.typelem <> 0 then t.typelem else t.oid end
              left join pg_class bc on bc.oid = b.typrelid
              where t.oid = e.refobjid)
         end as referenced
  from edges e
)
select distinct dependent, referenced
from keyed
where dependent is not null and referenced is not null and dependent <> referenced
order by 1, 2
