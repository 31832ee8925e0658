-- multiple-permissive-policies (splinter 0006): more than one permissive policy for the same table, role and action;
-- each one is evaluated for every row, so they cost more than one policy OR-ing the conditions. ALL counts for every
-- action, PUBLIC for every role that obeys RLS (not superusers, BYPASSRLS roles, pg_* or supabase*admin roles).
with expanded as (
    select p.polrelid, p.polname, action, r.rolname
    from pg_policy p
    cross join lateral unnest(case p.polcmd when 'r' then array['SELECT'] when 'a' then array['INSERT']
                                             when 'w' then array['UPDATE'] when 'd' then array['DELETE']
                                             else array['SELECT', 'INSERT', 'UPDATE', 'DELETE'] end) action
    join pg_roles r on (r.oid = any(p.polroles) or 0 = any(p.polroles))
    where p.polpermissive
      and not r.rolsuper and not r.rolbypassrls
      and r.rolname !~ '^pg_' and r.rolname !~ '^supabase.*admin$'
)
select n.nspname || '.' || c.relname as subject,
       e.rolname || ':' || e.action as discriminator,
       format('Table %I.%I has %s permissive policies for role %I and %s (%s); each is evaluated for every row.', n.nspname,
              c.relname, count(*), e.rolname, e.action, string_agg(quote_ident(e.polname), ', ' order by e.polname)) as detail,
       format('-- combine them into one policy: create policy ... on %I.%I for %s to %I using ((<first>) or (<second>));',
              n.nspname, c.relname, lower(e.action), e.rolname) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table', 'role', e.rolname, 'action', e.action,
                          'policies', jsonb_agg(e.polname order by e.polname)) as evidence
from expanded e
join pg_class c on c.oid = e.polrelid
join pg_namespace n on n.oid = c.relnamespace
where not n.nspname = any(:excluded_schemas)
  and c.relrowsecurity
group by n.nspname, c.relname, e.rolname, e.action
having count(*) > 1
