-- Reads the included schemas that exist and that this role may use.
select n.nspname from pg_namespace n
 where n.nspname = any(?) and not starts_with(n.nspname, 'pg_')
   and (pg_has_role(n.nspowner, 'USAGE') or has_schema_privilege(n.oid, 'CREATE, USAGE'))
