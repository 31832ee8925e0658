-- rls-disabled-in-public (splinter 0013): tables in a PostgREST-exposed schema that an API role can reach (schema
-- USAGE plus any column or table privilege, not only SELECT) while row level security is off.
select n.nspname || '.' || c.relname as subject,
       '' as discriminator,
       format('%s can reach table %I.%I through the API, and row level security is off: every row is readable or writable '
              || 'by anyone holding those roles.', array_to_string(g.roles, ' and '), n.nspname, c.relname) as detail,
       format('alter table %I.%I enable row level security;  -- then add policies for %s', n.nspname, c.relname,
              array_to_string(g.roles, ', ')) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table', 'exposed_to', to_jsonb(g.roles)) as evidence
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
cross join lateral (
    select array_agg(r.rolname::text order by r.rolname) as roles
    from pg_roles r
    where r.rolname = any(:api_roles)
      and has_schema_privilege(r.oid, n.oid, 'USAGE')
      and (has_any_column_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE')
           or has_table_privilege(r.oid, c.oid, 'DELETE'))
) g
where c.relkind in ('r', 'p')
  and not c.relrowsecurity
  and n.nspname = any(:exposed_schemas)
  and not n.nspname = any(:excluded_schemas)
  and g.roles is not null
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
