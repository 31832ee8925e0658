-- not-valid-constraint: CHECK and foreign key constraints added NOT VALID and never validated, so existing rows may
-- break them and the planner cannot rely on them. VALIDATE CONSTRAINT takes only a SHARE UPDATE EXCLUSIVE lock.
select n.nspname || '.' || c.relname || '.' || k.conname as subject,
       '' as discriminator,
       format('%s constraint %I on %I.%I was added NOT VALID and never validated; rows from before it may violate it.',
              case k.contype when 'f' then 'Foreign key' when 'c' then 'Check' else 'The' end, k.conname, n.nspname, c.relname) as detail,
       format('alter table %I.%I validate constraint %I;  -- dbwarden integrity lists the violating rows first', n.nspname,
              c.relname, k.conname) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table', 'constraint', k.conname,
                          'definition', pg_get_constraintdef(k.oid)) as evidence
from pg_constraint k
join pg_class c on c.oid = k.conrelid
join pg_namespace n on n.oid = c.relnamespace
where not k.convalidated
  and k.contype in ('c', 'f')
  and not n.nspname = any(:excluded_schemas)
