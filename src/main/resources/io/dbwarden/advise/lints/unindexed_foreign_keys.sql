-- unindexed-foreign-keys (splinter 0001): foreign keys whose columns are not the leading columns (in any order) of a
-- valid, non-partial index on the referencing table. Such a key makes every delete or key update on the referenced
-- table scan the referencing one. Partial and invalid indexes do not count: they do not serve every lookup.
select n.nspname || '.' || c.relname || '.' || k.conname as subject,
       '' as discriminator,
       format('Foreign key %I on %I.%I (%s) has no index leading with its columns, so deletes and key updates on %s scan %I.%I.',
              k.conname, n.nspname, c.relname, cols.list, k.confrelid::regclass, n.nspname, c.relname) as detail,
       format('create index concurrently on %I.%I (%s);', n.nspname, c.relname, cols.list) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table', 'fkey_name', k.conname,
                          'fkey_columns', to_jsonb(k.conkey)) as evidence
from pg_constraint k
join pg_class c on c.oid = k.conrelid
join pg_namespace n on n.oid = c.relnamespace
cross join lateral (
    select string_agg(quote_ident(a.attname), ', ' order by u.ord) as list
    from unnest(k.conkey) with ordinality u(attnum, ord)
    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum
) cols
where k.contype = 'f'
  and c.relkind in ('r', 'p')
  and not n.nspname = any(:excluded_schemas)
  and not exists (
      select 1 from pg_index i
      where i.indrelid = k.conrelid
        and i.indisvalid and i.indpred is null
        and i.indnkeyatts >= cardinality(k.conkey)
        and (select array_agg(x order by x) from unnest((i.indkey::int2[])[0:cardinality(k.conkey) - 1]) x)
            = (select array_agg(x order by x) from unnest(k.conkey) x))
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
