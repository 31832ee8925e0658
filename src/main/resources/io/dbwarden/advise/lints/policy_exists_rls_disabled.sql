-- policy-exists-rls-disabled (splinter 0007): tables that have policies while row level security is off, so the
-- policies the team wrote are silently ignored.
select n.nspname || '.' || c.relname as subject,
       '' as discriminator,
       format('Table %I.%I has %s polic%s (%s) but row level security is off, so none of them is applied.', n.nspname, c.relname,
              count(*), case when count(*) = 1 then 'y' else 'ies' end, string_agg(quote_ident(p.polname), ', ' order by p.polname)) as detail,
       format('alter table %I.%I enable row level security;', n.nspname, c.relname) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table',
                          'policies', jsonb_agg(p.polname order by p.polname)) as evidence
from pg_policy p
join pg_class c on c.oid = p.polrelid
join pg_namespace n on n.oid = c.relnamespace
where not c.relrowsecurity
  and not n.nspname = any(:excluded_schemas)
group by n.nspname, c.relname
