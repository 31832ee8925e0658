-- sensitive-columns-exposed (splinter 0023): tables in an exposed schema without row level security whose columns
-- with sensitive names (passwords, tokens, government ids, card numbers, health data) an API role can select. Checked
-- per column, so a table granted column by column without the sensitive ones is not flagged. The names are
-- Advisors.SENSITIVE_NAMES (splinter's list), matched lower-cased with '-' read as '_'.
with names(name) as (
    select unnest(:sensitive_names::text[])
),
exposed as (
    select c.oid, n.nspname, c.relname, a.attname, r.rolname
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    join names s on s.name = replace(lower(a.attname), '-', '_')
    join pg_roles r on r.rolname = any(:api_roles)
    where c.relkind in ('r', 'p')
      and not c.relrowsecurity
      and n.nspname = any(:exposed_schemas)
      and not n.nspname = any(:excluded_schemas)
      and has_schema_privilege(r.oid, n.oid, 'USAGE')
      and has_column_privilege(r.oid, c.oid, a.attnum, 'SELECT')
)
select nspname || '.' || relname as subject,
       '' as discriminator,
       format('Table %I.%I has no row level security and %s can read its sensitive column%s %s through the API.', nspname, relname,
              string_agg(distinct rolname, ' and '), case when count(distinct attname) > 1 then 's' else '' end,
              string_agg(distinct quote_ident(attname), ', ')) as detail,
       format('alter table %I.%I enable row level security;  -- or revoke select (%s) on it from %s', nspname, relname,
              string_agg(distinct quote_ident(attname), ', '), string_agg(distinct rolname, ', ')) as remediation,
       jsonb_build_object('schema', nspname, 'name', relname, 'type', 'table',
                          'sensitive_columns', jsonb_agg(distinct attname), 'exposed_to', jsonb_agg(distinct rolname)) as evidence
from exposed
group by nspname, relname
