-- Tables holding sensitive data: everything in the auth schema, and every table with a column whose name is one of
-- :sensitive_names. The access watch counts the statements that name them.
select distinct n.nspname as schema_name, c.relname as table_name
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'v', 'm')
  and (n.nspname = 'auth'
       or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                  and replace(lower(a.attname), '-', '_') = any(:sensitive_names)))
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
