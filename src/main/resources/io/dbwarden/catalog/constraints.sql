-- Reads table constraints (primary key, unique, foreign key, check, exclusion) with their columns, the referenced
-- table and columns for foreign keys, and whether they are validated.
select con.conrelid as relid,
       con.conname as name,
       con.contype::text as type,
       array(select a.attname from unnest(con.conkey) with ordinality k(attnum, ord)
             join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord) as columns,
       pg_get_constraintdef(con.oid, true) as definition,
       con.convalidated as validated,
       con.condeferrable as deferrable,
       rn.nspname as ref_schema,
       rc.relname as ref_table,
       array(select a.attname from unnest(con.confkey) with ordinality k(attnum, ord)
             join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord) as ref_columns,
       nullif(con.confupdtype::text, ' ') as on_update,
       nullif(con.confdeltype::text, ' ') as on_delete
from pg_constraint con
join pg_class c on c.oid = con.conrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_class rc on rc.oid = con.confrelid
left join pg_namespace rn on rn.oid = rc.relnamespace
where con.contype in ('p', 'u', 'f', 'c', 'x')
  and con.conparentid = 0
  and not c.relispartition
  and n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
order by con.conrelid, con.conname
