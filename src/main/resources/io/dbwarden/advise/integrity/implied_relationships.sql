-- Columns named <x>_id with no foreign key on them, where the same schema has a table <x>, <x>s or <x>es whose
-- single-column primary key has the same type: relationships the application implies but the database does not keep.
select n.nspname as schema_name, c.relname as table_name, a.attname as column_name,
       n.nspname as ref_schema, p.relname as ref_table, pa.attname as ref_column, c.reltuples::bigint as rows_estimate
from pg_attribute a
join pg_class c on c.oid = a.attrelid and c.relkind in ('r', 'p')
join pg_namespace n on n.oid = c.relnamespace
join pg_class p on p.relnamespace = c.relnamespace and p.relkind in ('r', 'p')
     and p.relname in (left(a.attname, -3), left(a.attname, -3) || 's', left(a.attname, -3) || 'es')
join pg_index pk on pk.indrelid = p.oid and pk.indisprimary and pk.indnkeyatts = 1
join pg_attribute pa on pa.attrelid = p.oid and pa.attnum = pk.indkey[0] and pa.atttypid = a.atttypid
where a.attnum > 0 and not a.attisdropped
  and a.attname like '%\_id' and length(a.attname) > 3
  and not (p.oid = c.oid and pa.attnum = a.attnum)
  and not exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'f' and a.attnum = any(k.conkey))
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and not n.nspname = any(:excluded_schemas)
order by 1, 2, 3
