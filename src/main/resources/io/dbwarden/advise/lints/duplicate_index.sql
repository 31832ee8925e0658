-- duplicate-index (splinter 0009): indexes with the same table, method, key columns, operator classes, collations,
-- orderings, expressions and predicate. Compared on the catalog rather than on the definition text, so a plain index
-- beside a unique one on the same key is found too; the unique or constraint-backed one is the one to keep, else the
-- one the planner has scanned most (so that dropping the others never leaves only a copy the statistics call unused).
with signed as (
    select i.indexrelid, i.indrelid, ic.relname as index_name, i.indisunique or i.indisprimary as enforces,
           ic.relpages::bigint * current_setting('block_size')::bigint as bytes,
           coalesce(pg_stat_get_numscans(i.indexrelid), 0) as scans,
           concat_ws('|', ic.relam::text, i.indkey::text, i.indclass::text, i.indcollation::text, i.indoption::text,
                     pg_get_expr(i.indexprs, i.indrelid), pg_get_expr(i.indpred, i.indrelid), i.indnkeyatts::text) as signature
    from pg_index i
    join pg_class ic on ic.oid = i.indexrelid
    where i.indisvalid
),
keyed as (
    select s.*, first_value(s.index_name) over (partition by s.indrelid, s.signature
                                                  order by s.enforces desc, s.scans desc, s.index_name) as keep
    from signed s
)
select n.nspname || '.' || c.relname as subject,
       string_agg(k.index_name, ',' order by k.index_name) as discriminator,
       format('Indexes %s on %I.%I are the same index; all but one only cost writes and space.',
              string_agg(quote_ident(k.index_name), ', ' order by k.index_name), n.nspname, c.relname) as detail,
       string_agg(format('drop index concurrently %I.%I;', n.nspname, k.index_name), ' ' order by k.index_name)
           filter (where k.index_name <> k.keep) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table',
                          'indexes', jsonb_agg(k.index_name order by k.index_name), 'keep', min(k.keep),
                          'index_bytes', jsonb_object_agg(k.index_name, k.bytes)) as evidence
from keyed k
join pg_class c on c.oid = k.indrelid
join pg_namespace n on n.oid = c.relnamespace
where not n.nspname = any(:excluded_schemas)
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
group by n.nspname, c.relname, k.indrelid, k.signature
having count(*) > 1
