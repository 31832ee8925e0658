-- Reads user functions and procedures (not extension members) with their arguments, result, language,
-- volatility, SECURITY DEFINER flag and settings such as search_path.
select n.nspname as schema,
       p.proname as name,
       pg_get_function_identity_arguments(p.oid) as identity_arguments,
       p.prokind::text as kind,
       coalesce(array(select coalesce(p.proargnames[k.ord], '')
                      from generate_series(1, coalesce(array_length(p.proallargtypes, 1), p.pronargs)) k(ord)
                      order by k.ord), '{}') as arg_names,
       coalesce(array(select format_type(coalesce(p.proallargtypes[k.ord], p.proargtypes[k.ord - 1]), null)
                      from generate_series(1, coalesce(array_length(p.proallargtypes, 1), p.pronargs)) k(ord)
                      order by k.ord), '{}') as arg_types,
       coalesce(array(select coalesce(p.proargmodes[k.ord]::text, 'i')
                      from generate_series(1, coalesce(array_length(p.proallargtypes, 1), p.pronargs)) k(ord)
                      order by k.ord), '{}') as arg_modes,
       p.pronargdefaults as n_defaults,
       pg_get_function_result(p.oid) as return_type,
       p.proretset as returns_set,
       l.lanname as language,
       p.provolatile::text as volatility,
       p.prosecdef as security_definer,
       coalesce(p.proconfig, '{}') as config,
       pg_get_userbyid(p.proowner) as owner,
       obj_description(p.oid, 'pg_proc') as comment
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_language l on l.oid = p.prolang
where n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend d
                  where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
order by 1, 2, 3
