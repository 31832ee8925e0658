-- Reads the comments on user objects as COMMENT statements: schemas, tables, views, materialized views, sequences,
-- indexes, columns (of tables, views and composite types), functions, procedures, aggregates, types, domains,
-- constraints, triggers, policies and rules. Comments carry no behaviour, but catalog diffs and generated docs read them.
select ddl
from (
  select format('COMMENT ON SCHEMA %I IS %L', n.nspname, d.description) as ddl
  from pg_description d
  join pg_namespace n on d.classoid = 'pg_namespace'::regclass and d.objoid = n.oid
  where not exists (select 1 from pg_depend e
                    where e.classid = 'pg_namespace'::regclass and e.objid = n.oid and e.deptype = 'e')
    and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
    and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  union all
  select case when d.objsubid = 0
              then format('COMMENT ON %s %I.%I IS %L',
                          case c.relkind when 'v' then 'VIEW' when 'm' then 'MATERIALIZED VIEW' when 'S' then 'SEQUENCE'
                                         when 'i' then 'INDEX' when 'I' then 'INDEX' else 'TABLE' end,
                          n.nspname, c.relname, d.description)
              else format('COMMENT ON COLUMN %I.%I.%I IS %L', n.nspname, c.relname, a.attname, d.description)
         end
  from pg_description d
  join pg_class c on d.classoid = 'pg_class'::regclass and d.objoid = c.oid
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_attribute a on a.attrelid = c.oid and a.attnum = d.objsubid and d.objsubid > 0 and not a.attisdropped
  left join pg_index i on i.indexrelid = c.oid
  where c.relkind in ('r', 'p', 'v', 'm', 'S', 'i', 'I', 'c')
    and (d.objsubid = 0 and c.relkind <> 'c' or a.attname is not null)
    and not exists (select 1 from pg_depend e
                    where e.classid = 'pg_class'::regclass and e.objid in (c.oid, i.indrelid) and e.deptype = 'e')
    and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
    and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  union all
  select format('COMMENT ON %s %I.%I(%s) IS %L',
                case p.prokind when 'p' then 'PROCEDURE' when 'a' then 'AGGREGATE' else 'FUNCTION' end,
                n.nspname, p.proname,
                case when p.prokind = 'a' and p.pronargs = 0 then '*' else pg_get_function_identity_arguments(p.oid) end,
                d.description)
  from pg_description d
  join pg_proc p on d.classoid = 'pg_proc'::regclass and d.objoid = p.oid
  join pg_namespace n on n.oid = p.pronamespace
  where not exists (select 1 from pg_depend e
                    where e.classid = 'pg_proc'::regclass and e.objid = p.oid and e.deptype = 'e')
    and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
    and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  union all
  select format('COMMENT ON %s %I.%I IS %L', case t.typtype when 'd' then 'DOMAIN' else 'TYPE' end,
                n.nspname, t.typname, d.description)
  from pg_description d
  join pg_type t on d.classoid = 'pg_type'::regclass and d.objoid = t.oid
  join pg_namespace n on n.oid = t.typnamespace
  left join pg_class tc on tc.oid = t.typrelid
  where (t.typtype in ('e', 'r', 'd') or (t.typtype = 'c' and tc.relkind = 'c'))
    and not exists (select 1 from pg_depend e
                    where e.classid = 'pg_type'::regclass and e.objid = t.oid and e.deptype = 'e')
    and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
    and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  union all
  select case when con.contypid <> 0
              then format('COMMENT ON CONSTRAINT %I ON DOMAIN %I.%I IS %L', con.conname, n.nspname, t.typname, d.description)
              else format('COMMENT ON CONSTRAINT %I ON %I.%I IS %L', con.conname, n.nspname, c.relname, d.description)
         end
  from pg_description d
  join pg_constraint con on d.classoid = 'pg_constraint'::regclass and d.objoid = con.oid
  left join pg_class c on c.oid = con.conrelid
  left join pg_type t on t.oid = con.contypid
  join pg_namespace n on n.oid = coalesce(c.relnamespace, t.typnamespace)
  where (c.relkind in ('r', 'p') or con.contypid <> 0)
    and not exists (select 1 from pg_depend e
                    where (e.classid = 'pg_class'::regclass and e.objid = c.oid or
                           e.classid = 'pg_type'::regclass and e.objid = t.oid) and e.deptype = 'e')
    and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
    and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  union all
  select format('COMMENT ON %s %I ON %I.%I IS %L', k.word, k.name, n.nspname, c.relname, d.description)
  from pg_description d
  join (select 'pg_trigger'::regclass as classoid, t.oid, 'TRIGGER' as word, t.tgname as name, t.tgrelid as relid
        from pg_trigger t where not t.tgisinternal
        union all
        select 'pg_policy'::regclass, p.oid, 'POLICY', p.polname, p.polrelid from pg_policy p
        union all
        select 'pg_rewrite'::regclass, r.oid, 'RULE', r.rulename, r.ev_class from pg_rewrite r
        where r.rulename <> '_RETURN') k on k.classoid = d.classoid and k.oid = d.objoid
  join pg_class c on c.oid = k.relid
  join pg_namespace n on n.oid = c.relnamespace
  where c.relkind <> 'f'
    and not exists (select 1 from pg_depend e
                    where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')
    and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
    and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
) comments
order by ddl collate "C"
