-- Reads the user schemas to create, with their owners: not the system, temporary or toast schemas, not schemas an
-- extension made (its script makes them again), and not dbwarden, which holds dbwarden's own change capture.
select n.nspname as name, quote_ident(n.nspname) as quoted, pg_get_userbyid(n.nspowner) as owner
from pg_namespace n
where n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend e
                  where e.classid = 'pg_namespace'::regclass and e.objid = n.oid and e.deptype = 'e')
order by n.nspname
