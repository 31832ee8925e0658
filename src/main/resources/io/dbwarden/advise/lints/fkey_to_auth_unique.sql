-- fkey-to-auth-unique (splinter 0021): foreign keys from user tables to a unique constraint in the auth schema that is
-- not its primary key. Supabase may drop or change such constraints, which breaks the foreign key.
select n.nspname || '.' || c.relname || '.' || k.conname as subject,
       '' as discriminator,
       format('Foreign key %I on %I.%I references %I.%I through unique index %I, not its primary key; Supabase Auth does not '
              || 'promise to keep that constraint.', k.conname, n.nspname, c.relname, rn.nspname, rc.relname, ic.relname) as detail,
       format('alter table %I.%I drop constraint %I;  -- reference %I.%I by its primary key instead', n.nspname, c.relname,
              k.conname, rn.nspname, rc.relname) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table', 'foreign_key', k.conname,
                          'referenced', rn.nspname || '.' || rc.relname, 'index', ic.relname) as evidence
from pg_constraint k
join pg_class c on c.oid = k.conrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_class rc on rc.oid = k.confrelid
join pg_namespace rn on rn.oid = rc.relnamespace
join pg_index i on i.indexrelid = k.conindid
join pg_class ic on ic.oid = i.indexrelid
where k.contype = 'f'
  and rn.nspname = 'auth'
  and i.indisunique and not i.indisprimary
  and not n.nspname = any(:excluded_schemas)
