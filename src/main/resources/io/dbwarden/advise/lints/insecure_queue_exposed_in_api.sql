-- insecure-queue-exposed-in-api (splinter 0019): pgmq queue tables (pgmq.q_*) without row level security that an API
-- role can read while pgmq_public is exposed, so anyone can read or pop the messages.
select n.nspname || '.' || c.relname as subject,
       '' as discriminator,
       format('Queue table %I.%I has no row level security and %s can read it while pgmq_public is exposed through the API.',
              n.nspname, c.relname, array_to_string(g.roles, ' and ')) as detail,
       format('alter table %I.%I enable row level security;  -- then add policies for the roles that may use the queue',
              n.nspname, c.relname) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table', 'exposed_to', to_jsonb(g.roles)) as evidence
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
cross join lateral (
    select array_agg(r.rolname::text order by r.rolname) as roles
    from pg_roles r
    where r.rolname = any(:api_roles)
      and has_schema_privilege(r.oid, n.oid, 'USAGE')
      and has_any_column_privilege(r.oid, c.oid, 'SELECT')
) g
where n.nspname = 'pgmq'
  and c.relname like 'q\_%'
  and c.relkind in ('r', 'p')
  and not c.relrowsecurity
  and 'pgmq_public' = any(:exposed_schemas)
  and g.roles is not null
