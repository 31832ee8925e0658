-- Volatility of every function the server could resolve for a name: in the given schema, or, unqualified,
-- those visible on the session's search_path. The read-only guard refuses volatile ones.
-- Parameters: name, schema (or null), schema (or null).
select p.provolatile::text
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
where p.proname = ?
  and (case when ?::text is null then pg_function_is_visible(p.oid) else n.nspname = ?::text end)
