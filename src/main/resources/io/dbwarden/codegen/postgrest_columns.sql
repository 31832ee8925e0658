-- Reads the columns of those relations: the type name (a domain's base type), nullability (a NOT NULL domain counts),
-- default, identity, generation, and whether the column can be written. A view column is writable when PostgreSQL
-- can update it, or when an INSTEAD OF trigger or an unconditional INSTEAD rule rewrites whole rows (tgtype bits:
-- 64 instead, 4 insert, 16 update; ev_type 2 update, 3 insert).
select a.attrelid, a.attnum, a.attname, coalesce(bt.typname, t.typname), coalesce(bn.nspname, tn.nspname),
       not (a.attnotnull or (t.typtype = 'd' and t.typnotnull)), a.atthasdef, a.attidentity::text,
       a.attgenerated <> '',
       c.relkind in ('r', 'p') or (c.relkind in ('v', 'f') and (pg_column_is_updatable(c.oid, a.attnum, false)
         or exists (select from pg_trigger g where g.tgrelid = c.oid and g.tgtype & 64 <> 0
                    and g.tgtype & 20 <> 0 and not g.tgisinternal)
         or exists (select from pg_rewrite w where w.ev_class = c.oid and w.is_instead
                    and w.ev_type in ('2', '3') and w.ev_qual::text = '<>')))
  from pg_attribute a
  join pg_class c on c.oid = a.attrelid
  join pg_namespace n on n.oid = c.relnamespace
  join pg_type t on t.oid = a.atttypid
  join pg_namespace tn on tn.oid = t.typnamespace
  left join pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
  left join pg_namespace bn on bn.oid = bt.typnamespace
 where n.nspname = any(?) and a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'f', 'v', 'm')
   and (pg_has_role(c.relowner, 'USAGE') or has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES'))
