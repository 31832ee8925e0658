-- Reads domains with their base type, NOT NULL, default and CHECK constraints. (PostgreSQL 17 also stores a
-- domain's NOT NULL as a constraint; typnotnull already says it, so only CHECKs are listed.)
select n.nspname as schema, t.typname as name,
       format_type(t.typbasetype, t.typtypmod) as base_type,
       t.typnotnull as not_null,
       t.typdefault as default_value,
       array(select pg_get_constraintdef(c.oid, true) from pg_constraint c where c.contypid = t.oid and c.contype = 'c'
             order by c.conname) as checks,
       obj_description(t.oid, 'pg_type') as comment
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
where t.typtype = 'd'
  and n.nspname not in ('pg_catalog', 'information_schema')
  and not exists (select 1 from pg_depend d
                  where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
order by 1, 2
