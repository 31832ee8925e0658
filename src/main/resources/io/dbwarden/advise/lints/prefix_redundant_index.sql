-- prefix-redundant-index: a btree index whose key columns are a leading prefix of another valid btree index on the
-- same table with the same operator classes, collations, orderings and predicate, and which enforces nothing. The
-- longer index answers every lookup the shorter one does. Exact duplicates are duplicate-index's.
with idx as (
    select i.indexrelid, i.indrelid, ic.relname as index_name, i.indisunique or i.indisprimary as enforces,
           (i.indkey::int2[])[0:i.indnkeyatts - 1] as keys,
           (i.indclass::oid[])[0:i.indnkeyatts - 1] as classes,
           (i.indcollation::oid[])[0:i.indnkeyatts - 1] as collations,
           (i.indoption::int2[])[0:i.indnkeyatts - 1] as options,
           pg_get_expr(i.indpred, i.indrelid) as predicate, i.indexprs is null as plain
    from pg_index i
    join pg_class ic on ic.oid = i.indexrelid
    join pg_am am on am.oid = ic.relam
    where i.indisvalid and am.amname = 'btree'
)
select n.nspname || '.' || c.relname || '.' || a.index_name as subject,
       b.index_name as discriminator,
       format('Index %I on %I.%I (%s) is a leading prefix of index %I (%s), which serves the same lookups.', a.index_name,
              n.nspname, c.relname, pg_get_indexdef(a.indexrelid), b.index_name, pg_get_indexdef(b.indexrelid)) as detail,
       format('drop index concurrently %I.%I;', n.nspname, a.index_name) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table', 'index', a.index_name, 'covered_by', b.index_name,
                          'index_bytes', (select relpages from pg_class where oid = a.indexrelid)::bigint * current_setting('block_size')::bigint) as evidence
from idx a
join idx b on b.indrelid = a.indrelid and b.indexrelid <> a.indexrelid
join pg_class c on c.oid = a.indrelid
join pg_namespace n on n.oid = c.relnamespace
where not a.enforces
  and a.plain and b.plain
  and cardinality(a.keys) < cardinality(b.keys)
  and a.keys = b.keys[1:cardinality(a.keys)]
  and a.classes = b.classes[1:cardinality(a.classes)]
  and a.collations = b.collations[1:cardinality(a.collations)]
  and a.options = b.options[1:cardinality(a.options)]
  and a.predicate is not distinct from b.predicate
  and not n.nspname = any(:excluded_schemas)
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
