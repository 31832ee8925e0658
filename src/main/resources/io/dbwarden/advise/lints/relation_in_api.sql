-- materialized-view-in-api (splinter 0016) and foreign-table-in-api (0017): relations of kind :relkind ('m' or 'f') in
-- an exposed schema that an API role can select from (with USAGE on the schema). Neither kind has row level security,
-- so every row is public.
select n.nspname || '.' || c.relname as subject,
       '' as discriminator,
       format('%s %I.%I is readable by %s through the API; it has no row level security.', initcap(:kind_label),
              n.nspname, c.relname, array_to_string(g.roles, ' and ')) as detail,
       format('revoke select on %I.%I from %s;  -- or move it to a schema the API does not expose', n.nspname, c.relname,
              array_to_string(g.roles, ', ')) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', :kind_label, 'exposed_to', to_jsonb(g.roles)) as evidence
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
cross join lateral (
    select array_agg(r.rolname::text order by r.rolname) as roles
    from pg_roles r
    where r.rolname = any(:api_roles)
      and has_schema_privilege(r.oid, n.oid, 'USAGE')
      and has_any_column_privilege(r.oid, c.oid, 'SELECT')
) g
where c.relkind = :relkind::"char"
  and n.nspname = any(:exposed_schemas)
  and not n.nspname = any(:excluded_schemas)
  and g.roles is not null
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
