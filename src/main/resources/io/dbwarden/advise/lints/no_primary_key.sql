-- no-primary-key (splinter 0004): ordinary tables without a primary key; replication, PostgREST updates and most
-- tooling need one. Partitions are judged through their parent.
select n.nspname || '.' || c.relname as subject,
       '' as discriminator,
       format('Table %I.%I has no primary key.', n.nspname, c.relname) as detail,
       format('alter table %I.%I add primary key (<column>);  -- or add an identity column: '
              || 'alter table %I.%I add column id bigint generated always as identity primary key;',
              n.nspname, c.relname, n.nspname, c.relname) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table') as evidence
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p')
  and not c.relispartition
  and not exists (select 1 from pg_index i where i.indrelid = c.oid and i.indisprimary)
  and not n.nspname = any(:excluded_schemas)
  and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
