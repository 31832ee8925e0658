-- Reads sequences with their type and maximum, and the column that owns each one (serial and identity columns).
select n.nspname as schema, c.relname as name,
       format_type(s.seqtypid, null) as data_type,
       s.seqmax as max_value,
       (select tn.nspname || '.' || tc.relname || '.' || a.attname
          from pg_depend d
          join pg_class tc on tc.oid = d.refobjid
          join pg_namespace tn on tn.oid = tc.relnamespace
          join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
         where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')
           and d.refclassid = 'pg_class'::regclass
         limit 1) as owned_by
from pg_sequence s
join pg_class c on c.oid = s.seqrelid
join pg_namespace n on n.oid = c.relnamespace
where n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend d
                  where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
order by 1, 2
