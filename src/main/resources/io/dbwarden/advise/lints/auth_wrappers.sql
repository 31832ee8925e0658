-- Functions without arguments whose body calls auth.uid(), auth.jwt(), auth.role(), auth.email() or current_setting():
-- a policy calling such a wrapper per row costs the same as calling the auth function per row. The body is returned
-- for the Java side to tokenize; only SQL and plpgsql bodies are read.
select n.nspname as schema_name, p.proname as function_name, p.prosrc as body
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_language l on l.oid = p.prolang
where p.pronargs = 0
  and p.prokind = 'f'
  and l.lanname in ('sql', 'plpgsql')
  and p.provolatile <> 'i'
  and n.nspname <> 'pg_catalog' and n.nspname <> 'information_schema'
  and (p.prosrc ilike '%uid%' or p.prosrc ilike '%jwt%' or p.prosrc ilike '%role%' or p.prosrc ilike '%email%'
       or p.prosrc ilike '%current_setting%')
