-- What could let a role escape read-only: superuser or bypass flags, membership (direct or inherited) in the
-- file and program roles,
-- a missing default_transaction_read_only, and EXECUTE on dblink functions. One row per role.
select r.rolname,
       r.rolsuper,
       r.rolbypassrls,
       r.rolcreaterole,
       r.rolcreatedb,
       array(select g from unnest(array['pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program']) g
             where pg_has_role(r.oid, g, 'member')) as risky_memberships,
       coalesce((select true from pg_db_role_setting s, unnest(s.setconfig) c
                 where s.setrole = r.oid and c = 'default_transaction_read_only=on' limit 1), false) as read_only_default,
       array(select p.proname from pg_proc p where p.proname like 'dblink%'
             and has_function_privilege(r.oid, p.oid, 'execute') limit 5) as dblink_functions
from pg_roles r
where r.rolname = ?
