-- unsupported-reg-types (splinter 0018): columns of reg* types that store OIDs pg_upgrade cannot carry over
-- (regclass, regrole and regtype are fine), so they block a major-version upgrade.
select n.nspname || '.' || c.relname || '.' || a.attname as subject,
       '' as discriminator,
       format('Column %I.%I.%I has type %s, which stores raw OIDs that pg_upgrade cannot preserve; it blocks upgrading the server.',
              n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod)) as detail,
       format('alter table %I.%I alter column %I type text using %I::text;', n.nspname, c.relname, a.attname, a.attname) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'column', a.attname, 'type', 'table',
                          'column_type', format_type(a.atttypid, a.atttypmod)) as evidence
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid
where a.attnum > 0 and not a.attisdropped
  and c.relkind in ('r', 'p', 'm')
  and (case when t.typcategory = 'A' then t.typelem else t.oid end) in
      ('regcollation'::regtype, 'regconfig'::regtype, 'regdictionary'::regtype, 'regnamespace'::regtype,
       'regoper'::regtype, 'regoperator'::regtype, 'regproc'::regtype, 'regprocedure'::regtype)
  and not n.nspname = any(:excluded_schemas)
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
