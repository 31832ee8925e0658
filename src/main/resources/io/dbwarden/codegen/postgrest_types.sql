-- Reads every type except the row types of indexes, sequences and toast tables, with enum labels in their order.
select t.oid, t.typname, n.nspname, format_type(t.oid, null), t.typrelid, coalesce(c.relkind::text, ''), e.labels
  from pg_type t
  join pg_namespace n on n.oid = t.typnamespace
  left join pg_class c on c.oid = t.typrelid
  left join (select enumtypid, array_agg(enumlabel order by enumsortorder) as labels from pg_enum group by enumtypid) e
         on e.enumtypid = t.oid
 where t.typrelid = 0 or c.relkind in ('c', 'r', 'v', 'm', 'p', 'f')
