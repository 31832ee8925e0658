-- pg-graphql-{anon,authenticated}-table-exposed (splinter 0026/0027): with pg_graphql installed, every table, view,
-- materialized view or foreign table the role can select from (and whose schema it may use) shows up in GraphQL
-- introspection, even when row level security hides the rows.
select n.nspname || '.' || c.relname as subject,
       '' as discriminator,
       format('%s can see %s %I.%I (its name and columns) through pg_graphql introspection.', :role_name,
              case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table' else 'table' end,
              n.nspname, c.relname) as detail,
       format('revoke select on %I.%I from %I;  -- or comment on schema %I is ''@graphql({"inflect_names": false})'' and hide it',
              n.nspname, c.relname, :role_name, n.nspname) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname,
                          'type', case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table' else 'table' end) as evidence
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
join pg_roles r on r.rolname = :role_name
where c.relkind in ('r', 'p', 'v', 'm', 'f')
  and (:graphql_forced or exists (select 1 from pg_extension where extname = 'pg_graphql'))
  and not n.nspname = any(:excluded_schemas)
  and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and has_schema_privilege(r.oid, n.oid, 'USAGE')
  and has_any_column_privilege(r.oid, c.oid, 'SELECT')
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
