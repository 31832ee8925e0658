-- Reads the relations and functions that extensions own (pg_stat_statements in public, for example), as
-- schema.name. The catalog leaves them out, but type generators list them, so the drift check must not call
-- them missing from the database.
select n.nspname || '.' || c.relname
  from pg_depend d
  join pg_class c on d.classid = 'pg_class'::regclass and c.oid = d.objid
  join pg_namespace n on n.oid = c.relnamespace
 where d.deptype = 'e'
union
select n.nspname || '.' || p.proname
  from pg_depend d
  join pg_proc p on d.classid = 'pg_proc'::regclass and p.oid = d.objid
  join pg_namespace n on n.oid = p.pronamespace
 where d.deptype = 'e'
