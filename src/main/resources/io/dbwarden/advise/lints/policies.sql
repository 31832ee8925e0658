-- Every RLS policy with its expressions as PostgreSQL prints them, for the rules that parse them (auth-rls-initplan,
-- rls-references-user-metadata, rls-policy-always-true, public-bucket-allows-listing).
select n.nspname as schema_name, c.relname as table_name, p.polname as policy_name, c.relrowsecurity as rls_enabled,
       case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE' when 'd' then 'DELETE' else 'ALL' end as command,
       p.polpermissive as permissive,
       array(select case when r = 0 then 'public' else pg_get_userbyid(r) end from unnest(p.polroles) r order by 1) as roles,
       pg_get_expr(p.polqual, p.polrelid) as using_expr,
       pg_get_expr(p.polwithcheck, p.polrelid) as with_check
from pg_policy p
join pg_class c on c.oid = p.polrelid
join pg_namespace n on n.oid = c.relnamespace
order by 1, 2, 3
