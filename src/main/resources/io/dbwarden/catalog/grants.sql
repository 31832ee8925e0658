-- Reads table and view privileges granted to roles other than the owner, grouped per grantee. API roles such as
-- anon and authenticated get their reach from these grants.
select c.oid as relid,
       case when acl.grantee = 0 then 'public' else pg_get_userbyid(acl.grantee) end as grantee,
       array_agg(distinct acl.privilege_type order by acl.privilege_type) as privileges
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
cross join lateral aclexplode(c.relacl) acl
where c.relkind in ('r', 'p', 'f', 'v', 'm')
  and c.relacl is not null
  and acl.grantee <> c.relowner
  and n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
group by c.oid, acl.grantee
order by c.oid, 2
