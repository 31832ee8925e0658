-- security-definer-view (splinter 0010): views in an exposed schema that an API role can select from and that run
-- with their owner's rights (no security_invoker), so they bypass the RLS of the tables they read. PostgreSQL 15+.
select n.nspname || '.' || c.relname as subject,
       '' as discriminator,
       format('View %I.%I runs with the rights of its owner, so %s read the underlying tables past their row level security.',
              n.nspname, c.relname, array_to_string(g.roles, ' and ')) as detail,
       format('alter view %I.%I set (security_invoker = true);', n.nspname, c.relname) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'view', 'exposed_to', to_jsonb(g.roles)) as evidence
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
cross join lateral (
    select array_agg(r.rolname::text order by r.rolname) as roles
    from pg_roles r
    where r.rolname = any(:api_roles)
      and has_schema_privilege(r.oid, n.oid, 'USAGE')
      and has_any_column_privilege(r.oid, c.oid, 'SELECT')
) g
where c.relkind = 'v'
  and current_setting('server_version_num')::int >= 150000
  and n.nspname = any(:exposed_schemas)
  and not n.nspname = any(:excluded_schemas)
  and g.roles is not null
  and not exists (
      select 1 from unnest(coalesce(c.reloptions, '{}')) o
      where lower(o) in ('security_invoker=on', 'security_invoker=true', 'security_invoker=1', 'security_invoker=yes'))
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
