-- Reads row-level security policies as CREATE POLICY statements: permissive or restrictive, command, roles
-- (Supabase's anon and authenticated among them) and the USING and WITH CHECK expressions.
select format('%I.%I', n.nspname, c.relname) as relation,
       quote_ident(p.polname) as name,
       format('CREATE POLICY %I ON %I.%I AS %s FOR %s TO %s%s%s', p.polname, n.nspname, c.relname,
              case when p.polpermissive then 'PERMISSIVE' else 'RESTRICTIVE' end,
              case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
                            when 'd' then 'DELETE' else 'ALL' end,
              (select string_agg(case when r = 0 then 'PUBLIC' else quote_ident(pg_get_userbyid(r)) end, ', '
                                 order by case when r = 0 then '' else pg_get_userbyid(r) end)
               from unnest(p.polroles) r),
              ' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')',
              ' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')') as definition
from pg_policy p
join pg_class c on c.oid = p.polrelid
join pg_namespace n on n.oid = c.relnamespace
where n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend e
                  where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')
order by n.nspname, c.relname, p.polname
