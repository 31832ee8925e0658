-- function-search-path-mutable (splinter 0011): user functions without a fixed search_path. Graded rather than
-- flagged alike: SECURITY DEFINER that an API role may execute in an exposed schema is high (a caller can shadow the
-- objects it uses), other SECURITY DEFINER medium, and ordinary SECURITY INVOKER functions low.
select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as subject,
       '' as discriminator,
       format('%s %I.%I(%s) has no fixed search_path, so it resolves names through the caller''s search_path%s.',
              case when p.prosecdef then 'SECURITY DEFINER function' else 'Function' end, n.nspname, p.proname,
              pg_get_function_identity_arguments(p.oid),
              case when p.prosecdef then ' while running with its owner''s rights' else '' end) as detail,
       format('alter function %I.%I(%s) set search_path = '''';  -- then schema-qualify the names it uses', n.nspname, p.proname,
              pg_get_function_identity_arguments(p.oid)) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', p.proname, 'type', 'function', 'security_definer', p.prosecdef,
                          'executable_by', to_jsonb(g.roles)) as evidence,
       case when p.prosecdef and g.roles is not null and n.nspname = any(:exposed_schemas) then 'high'
            when p.prosecdef then 'medium'
            else 'low' end as severity
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
cross join lateral (
    select array_agg(r.rolname::text order by r.rolname) as roles
    from pg_roles r
    where r.rolname = any(:api_roles) and has_function_privilege(r.oid, p.oid, 'EXECUTE')
) g
where p.prokind in ('f', 'p')
  and not n.nspname = any(:excluded_schemas)
  and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) cfg where cfg like 'search\_path=%')
  and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
