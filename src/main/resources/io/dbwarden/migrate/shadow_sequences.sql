-- Reads stand-alone sequences (serial ones included, identity ones not: their column makes them) with every
-- option that changes what nextval returns, and the column that owns each, set once the tables exist.
select 'c' || c.oid as key,
       n.nspname as schema,
       c.relname as name,
       format('%I.%I', n.nspname, c.relname) as qualified,
       pg_get_userbyid(c.relowner) as owner,
       format('CREATE %sSEQUENCE %I.%I AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s %sCYCLE',
              case when c.relpersistence = 'u' then 'UNLOGGED ' else '' end, n.nspname, c.relname,
              format_type(s.seqtypid, null), s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache,
              case when s.seqcycle then '' else 'NO ' end) as ddl,
       (select format('%I.%I.%I', tn.nspname, tc.relname, a.attname)
          from pg_depend d
          join pg_class tc on tc.oid = d.refobjid
          join pg_namespace tn on tn.oid = tc.relnamespace
          join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
         where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'a'
           and d.refclassid = 'pg_class'::regclass
           and tn.nspname <> 'dbwarden'
         limit 1) as owned_by
from pg_sequence s
join pg_class c on c.oid = s.seqrelid
join pg_namespace n on n.oid = c.relnamespace
where n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend d
                  where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('e', 'i'))
order by n.nspname, c.relname
