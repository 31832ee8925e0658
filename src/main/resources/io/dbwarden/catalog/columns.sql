-- Reads the columns of every user relation in one pass. For arrays, type_schema and type_name name the element
-- type, so that generators can map enum, domain and composite elements.
select a.attrelid as relid,
       a.attname as name,
       a.attnum as position,
       format_type(a.atttypid, a.atttypmod) as type,
       en.nspname as type_schema,
       et.typname as type_name,
       case when t.typcategory = 'A' then greatest(a.attndims, 1) else 0 end as array_dims,
       a.attnotnull as not_null,
       pg_get_expr(ad.adbin, ad.adrelid) as default_value,
       nullif(a.attidentity::text, '') as identity,
       nullif(a.attgenerated::text, '') as generated,
       col_description(a.attrelid, a.attnum) as comment
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid
join pg_type et on et.oid = case when t.typcategory = 'A' and t.typelem <> 0 then t.typelem else t.oid end
join pg_namespace en on en.oid = et.typnamespace
left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
where a.attnum > 0
  and not a.attisdropped
  and c.relkind in ('r', 'p', 'f', 'v', 'm')
  and not c.relispartition
  and n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
order by a.attrelid, a.attnum
