-- Reads ALTER DEFAULT PRIVILEGES settings: the grants that tables, sequences, functions, types and schemas get when
-- a given role creates them (Supabase grants new tables to anon and authenticated this way, which decides what a
-- migration's new table exposes). A setting for all schemas replaces the built-in default, so it may also revoke;
-- a setting for one schema only adds. The script applies them last, so that they do not touch its own objects.
with entries as (
  select d.oid, d.defaclrole as role, d.defaclnamespace as schema_oid, d.defaclacl as acl,
         case d.defaclobjtype when 'r' then 'TABLES' when 'S' then 'SEQUENCES' when 'f' then 'FUNCTIONS'
                              when 'T' then 'TYPES' else 'SCHEMAS' end as objects,
         (case d.defaclobjtype when 'S' then 's' else d.defaclobjtype end)::"char" as default_kind
  from pg_default_acl d
  left join pg_namespace n on n.oid = d.defaclnamespace
  where d.defaclnamespace = 0
     or (n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
         and n.nspname !~ '^pg_(toast|temp_|toast_temp_)')
),
actual as (
  select e.oid, a.grantee, a.privilege_type, a.is_grantable from entries e, aclexplode(e.acl) a
),
builtin as (
  select e.oid, a.grantee, a.privilege_type, a.is_grantable
  from entries e, aclexplode(acldefault(e.default_kind, e.role)) a
  where e.schema_oid = 0
),
changes as (
  select oid, grantee, privilege_type, is_grantable, 'GRANT' as verb from (
    select oid, grantee, privilege_type, is_grantable from actual
    except
    select oid, grantee, privilege_type, is_grantable from builtin) g
  union all
  select oid, grantee, privilege_type, false, 'REVOKE' from (
    select oid, grantee, privilege_type from builtin
    except
    select oid, grantee, privilege_type from actual) r
)
select format('ALTER DEFAULT PRIVILEGES FOR ROLE %I%s %s %s ON %s %s %s%s',
              pg_get_userbyid(e.role),
              case when e.schema_oid <> 0 then ' IN SCHEMA ' || quote_ident(n.nspname) else '' end,
              c.verb, string_agg(c.privilege_type, ', ' order by c.privilege_type), e.objects,
              case c.verb when 'GRANT' then 'TO' else 'FROM' end,
              case when c.grantee = 0 then 'PUBLIC' else quote_ident(pg_get_userbyid(c.grantee)) end,
              case when c.is_grantable then ' WITH GRANT OPTION' else '' end) as ddl
from changes c
join entries e on e.oid = c.oid
left join pg_namespace n on n.oid = e.schema_oid
group by e.role, e.schema_oid, n.nspname, e.objects, c.verb, c.grantee, c.is_grantable
order by pg_get_userbyid(e.role), coalesce(n.nspname, ''), e.objects collate "C", c.verb desc,
         case when c.grantee = 0 then '' else pg_get_userbyid(c.grantee) end, c.is_grantable
