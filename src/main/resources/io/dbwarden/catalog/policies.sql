-- Reads row-level security policies with their command, roles and USING / WITH CHECK expressions.
select p.polrelid as relid,
       p.polname as name,
       case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
                     when 'd' then 'DELETE' else 'ALL' end as command,
       p.polpermissive as permissive,
       array(select case when r = 0 then 'public' else pg_get_userbyid(r) end
             from unnest(p.polroles) r order by 1) as roles,
       pg_get_expr(p.polqual, p.polrelid, true) as using_expr,
       pg_get_expr(p.polwithcheck, p.polrelid, true) as with_check
from pg_policy p
order by p.polrelid, p.polname
