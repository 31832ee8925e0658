-- Reads privileges on user tables, views, sequences, functions, schemas, types and columns as GRANT and REVOKE
-- statements: what each ACL grants beyond the built-in default for its kind (acldefault), and what it revokes from
-- that default (EXECUTE revoked from PUBLIC on a function, say). Privileges of the owner itself are left out; the
-- shadow's owner may be another role. API roles such as anon and authenticated get their reach from these grants.
with objects as (
  select case c.relkind when 'S' then 'SEQUENCE' else 'TABLE' end as kind,
         format('%I.%I', n.nspname, c.relname) as target,
         c.relowner as owner, c.relacl as acl,
         (case c.relkind when 'S' then 's' else 'r' end)::"char" as default_kind
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm', 'S')
    and c.relacl is not null
    and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
    and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
    and not exists (select 1 from pg_depend e
                    where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')
  union all
  select case p.prokind when 'p' then 'PROCEDURE' else 'FUNCTION' end,
         format('%I.%I(%s)', n.nspname, p.proname,
                case when p.prokind = 'a' and p.pronargs = 0 then '*' else pg_get_function_identity_arguments(p.oid) end),
         p.proowner, p.proacl, 'f'
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  where p.proacl is not null
    and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
    and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
    and not exists (select 1 from pg_depend e
                    where e.classid = 'pg_proc'::regclass and e.objid = p.oid and e.deptype = 'e')
  union all
  select 'SCHEMA', quote_ident(n.nspname), n.nspowner, n.nspacl, 'n'
  from pg_namespace n
  where n.nspacl is not null
    and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
    and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
    and not exists (select 1 from pg_depend e
                    where e.classid = 'pg_namespace'::regclass and e.objid = n.oid and e.deptype = 'e')
  union all
  select case t.typtype when 'd' then 'DOMAIN' else 'TYPE' end, format('%I.%I', n.nspname, t.typname),
         t.typowner, t.typacl, 'T'
  from pg_type t
  join pg_namespace n on n.oid = t.typnamespace
  left join pg_class tc on tc.oid = t.typrelid
  where t.typacl is not null
    and (t.typtype in ('e', 'r', 'd') or (t.typtype = 'c' and tc.relkind = 'c'))
    and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
    and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
    and not exists (select 1 from pg_depend e
                    where e.classid = 'pg_type'::regclass and e.objid = t.oid and e.deptype = 'e')
),
actual as (
  select o.kind, o.target, a.grantee, a.privilege_type, a.is_grantable
  from objects o, aclexplode(o.acl) a
  where a.grantee <> o.owner
),
builtin as (
  select o.kind, o.target, a.grantee, a.privilege_type, a.is_grantable
  from objects o, aclexplode(acldefault(o.default_kind, o.owner)) a
  where a.grantee <> o.owner
),
revoked as (
  select kind, target, grantee, privilege_type from builtin
  except
  select kind, target, grantee, privilege_type from actual
),
granted as (
  select kind, target, grantee, privilege_type, is_grantable from actual
  except
  select kind, target, grantee, privilege_type, is_grantable from builtin
),
columns as (
  select format('%I.%I', n.nspname, c.relname) as target, a.grantee, a.privilege_type, a.is_grantable,
         string_agg(quote_ident(att.attname), ', ' order by att.attnum) as names
  from pg_attribute att
  join pg_class c on c.oid = att.attrelid
  join pg_namespace n on n.oid = c.relnamespace
  cross join lateral aclexplode(att.attacl) a
  where att.attacl is not null
    and att.attnum > 0
    and not att.attisdropped
    and a.grantee <> c.relowner
    and c.relkind in ('r', 'p', 'v', 'm')
    and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
    and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
    and not exists (select 1 from pg_depend e
                    where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')
  group by 1, 2, 3, 4
)
select ddl
from (
  select kind, target, 0 as step, grantee,
         format('REVOKE %s ON %s %s FROM %s', string_agg(privilege_type, ', ' order by privilege_type), kind, target,
                case when grantee = 0 then 'PUBLIC' else quote_ident(pg_get_userbyid(grantee)) end) as ddl
  from revoked
  group by kind, target, grantee
  union all
  select kind, target, 1, grantee,
         format('GRANT %s ON %s %s TO %s%s', string_agg(privilege_type, ', ' order by privilege_type), kind, target,
                case when grantee = 0 then 'PUBLIC' else quote_ident(pg_get_userbyid(grantee)) end,
                case when is_grantable then ' WITH GRANT OPTION' else '' end)
  from granted
  group by kind, target, grantee, is_grantable
  union all
  select 'TABLE', target, 2, grantee,
         format('GRANT %s (%s) ON TABLE %s TO %s%s', privilege_type, names, target,
                case when grantee = 0 then 'PUBLIC' else quote_ident(pg_get_userbyid(grantee)) end,
                case when is_grantable then ' WITH GRANT OPTION' else '' end)
  from columns
) statements
order by kind collate "C", target collate "C", step, case when grantee = 0 then '' else pg_get_userbyid(grantee) end,
         ddl collate "C"
