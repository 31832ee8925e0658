-- auth-users-exposed (splinter 0002): views and materialized views in an exposed schema that read auth.users, that an
-- API role can select from, and that do not keep auth.users' RLS (a matview, an owner-rights view, or auth.users
-- without RLS).
select n.nspname || '.' || c.relname as subject,
       '' as discriminator,
       format('%s %I.%I reads auth.users and %s can select from it, which exposes the users'' e-mail addresses and metadata.',
              case c.relkind when 'm' then 'Materialized view' else 'View' end, n.nspname, c.relname,
              array_to_string(g.roles, ' and ')) as detail,
       format('revoke select on %I.%I from %s;  -- or read a public profile table instead of auth.users', n.nspname, c.relname,
              array_to_string(g.roles, ', ')) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', case c.relkind when 'm' then 'materialized view' else 'view' end,
                          'exposed_to', to_jsonb(g.roles)) as evidence
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
join pg_namespace an on an.nspname = 'auth'
join pg_class au on au.relname = 'users' and au.relnamespace = an.oid and au.relkind in ('r', 'p')
cross join lateral (
    select array_agg(r.rolname::text order by r.rolname) as roles
    from pg_roles r
    where r.rolname = any(:api_roles)
      and has_schema_privilege(r.oid, n.oid, 'USAGE')
      and has_any_column_privilege(r.oid, c.oid, 'SELECT')
) g
where c.relkind in ('v', 'm')
  and n.nspname = any(:exposed_schemas)
  and g.roles is not null
  and exists (
      select 1 from pg_rewrite rw join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = rw.oid
      where rw.ev_class = c.oid and d.refobjid = au.oid)
  and (c.relkind = 'm'
       or not au.relrowsecurity
       or current_setting('server_version_num')::int < 150000
       or not exists (
           select 1 from unnest(coalesce(c.reloptions, '{}')) o
           where lower(o) in ('security_invoker=on', 'security_invoker=true', 'security_invoker=1', 'security_invoker=yes')))
