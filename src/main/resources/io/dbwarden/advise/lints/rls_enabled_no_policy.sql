-- rls-enabled-no-policy (splinter 0008): row level security on, no policy, while some role other than the owner (and
-- not a superuser or BYPASSRLS role) holds privileges on it. With no grant at all, deny-all is plainly intended.
select n.nspname || '.' || c.relname as subject,
       '' as discriminator,
       format('Table %I.%I has row level security on but no policy, so %s can see no rows at all.', n.nspname, c.relname,
              array_to_string(g.roles, ', ')) as detail,
       format('create policy "<who may read>" on %I.%I for select to %s using (<condition>);', n.nspname, c.relname,
              array_to_string(g.roles, ', ')) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table', 'granted_to', to_jsonb(g.roles)) as evidence
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
cross join lateral (
    select array_agg(r.rolname::text order by r.rolname) as roles
    from pg_roles r
    where r.oid <> c.relowner
      and not r.rolsuper and not r.rolbypassrls
      and r.rolname !~ '^pg_'
      and has_table_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
) g
where c.relkind in ('r', 'p')
  and c.relrowsecurity
  and not exists (select 1 from pg_policy p where p.polrelid = c.oid)
  and not n.nspname = any(:excluded_schemas)
  and g.roles is not null
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
