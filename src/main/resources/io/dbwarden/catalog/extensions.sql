-- Reads the installed extensions; their member objects are left out of every other catalog query.
select e.extname as name, e.extversion as version, n.nspname as schema
from pg_extension e
join pg_namespace n on n.oid = e.extnamespace
order by 1
