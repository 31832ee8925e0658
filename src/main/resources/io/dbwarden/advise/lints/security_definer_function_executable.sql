-- {anon,authenticated}-security-definer-function-executable (splinter 0028/0029): SECURITY DEFINER functions in an
-- exposed schema that the role may execute, so it can call them at /rest/v1/rpc/<name> with the owner's rights.
-- Trigger and event-trigger functions are left out: PostgREST cannot call them.
select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as subject,
       '' as discriminator,
       format('%s can execute SECURITY DEFINER function %I.%I(%s) through /rest/v1/rpc/%s, and it runs with the rights of its owner %I.',
              :role_name, n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.proname, pg_get_userbyid(p.proowner)) as detail,
       format('revoke execute on function %I.%I(%s) from public, %I;  -- or make it security invoker', n.nspname, p.proname,
              pg_get_function_identity_arguments(p.oid), :role_name) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', p.proname, 'type', 'function', 'arguments', pg_get_function_identity_arguments(p.oid),
                          'language', l.lanname, 'security_definer', true) as evidence
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_language l on l.oid = p.prolang
join pg_roles r on r.rolname = :role_name
where p.prosecdef
  and p.prokind = 'f'
  and p.prorettype not in ('trigger'::regtype, 'event_trigger'::regtype)
  and n.nspname = any(:exposed_schemas)
  and not n.nspname = any(:excluded_schemas)
  and has_schema_privilege(r.oid, n.oid, 'USAGE')
  and has_function_privilege(r.oid, p.oid, 'EXECUTE')
  and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
