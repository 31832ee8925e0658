-- Reads the columns of user tables (not of partitions, which take their parent's) with what a column definition
-- needs: type with typmod and array dimensions, collation when not the type's, identity with its sequence's name and
-- options, generation expression, default, NOT NULL. default_key names the pg_attrdef row, so the script can tell
-- which defaults call user functions. is_local is false for columns only inherited from a parent. Dropped columns
-- are listed too: the script makes and drops a stand-in, so that every column keeps its position (attnum).
select 'c' || a.attrelid as relation_key,
       a.attnum as position,
       a.attisdropped as dropped,
       quote_ident(a.attname) as name,
       format_type(a.atttypid, a.atttypmod)
         || case when t.typcategory = 'A' and a.attndims > 1 then repeat('[]', a.attndims - 1) else '' end as type,
       case when a.attcollation <> t.typcollation
            then ' COLLATE ' || quote_ident(cn.nspname) || '.' || quote_ident(co.collname) end as collation,
       a.attnotnull as not_null,
       a.attislocal as is_local,
       a.attidentity::text as identity,
       a.attgenerated::text as generated,
       pg_get_expr(ad.adbin, ad.adrelid) as default_value,
       'd' || ad.oid as default_key,
       (select format('SEQUENCE NAME %I.%I START WITH %s INCREMENT BY %s MINVALUE %s MAXVALUE %s CACHE %s %sCYCLE',
                      sn.nspname, sc.relname, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,
                      case when s.seqcycle then '' else 'NO ' end)
          from pg_depend d
          join pg_class sc on sc.oid = d.objid and sc.relkind = 'S'
          join pg_namespace sn on sn.oid = sc.relnamespace
          join pg_sequence s on s.seqrelid = sc.oid
         where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
           and d.refobjid = a.attrelid and d.refobjsubid = a.attnum and d.deptype = 'i'
         limit 1) as identity_options
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_type t on t.oid = a.atttypid
left join pg_collation co on co.oid = a.attcollation
left join pg_namespace cn on cn.oid = co.collnamespace
left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
where a.attnum > 0
  and c.relkind in ('r', 'p')
  and not c.relispartition
  and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend e
                  where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')
order by a.attrelid, a.attnum
