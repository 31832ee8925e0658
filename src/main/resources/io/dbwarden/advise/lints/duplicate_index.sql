-- duplicate-index (splinter 0009): indexes with the same table, method, key columns, operator classes, collations,
-- orderings, expressions and predicate. Compared on the catalog rather than on the definition text, so a plain index
-- beside a unique one on the same key is found too. The one to keep is a constraint's, else a unique one, else the one
-- the planner has scanned most (so that dropping the others never leaves only a copy the statistics call unused); an
-- index behind a constraint (primary key, unique, exclusion, or one a foreign key references) is never one to drop.
with signed as (
    select i.indexrelid, i.indrelid, ic.relname as index_name, i.indisunique or i.indisprimary as enforces,
           exists (select 1 from pg_constraint k where k.conindid = i.indexrelid) as backs_constraint,
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
                                                  order by s.backs_constraint desc, s.enforces desc, s.scans desc, s.index_name) as keep
    from signed s
)
select n.nspname || '.' || c.relname as subject,
       string_agg(k.index_name, ',' order by k.index_name) as discriminator,
       format('Indexes %s on %I.%I are the same index; all but one only cost writes and space.',
              string_agg(quote_ident(k.index_name), ', ' order by k.index_name), n.nspname, c.relname) as detail,
       coalesce(string_agg(format('drop index concurrently %I.%I;', n.nspname, k.index_name), ' ' order by k.index_name)
                    filter (where k.index_name <> k.keep and not k.backs_constraint),
                format('-- each backs a constraint: drop the redundant constraint (alter table %I.%I drop constraint ...), which drops its index',
                       n.nspname, c.relname)) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table',
                          'indexes', jsonb_agg(k.index_name order by k.index_name), 'keep', min(k.keep),
                          'backing_constraints', coalesce(jsonb_agg(k.index_name order by k.index_name) filter (where k.backs_constraint), '[]'),
                          'index_bytes', jsonb_object_agg(k.index_name, k.bytes)) as evidence
from keyed k
join pg_class c on c.oid = k.indrelid
join pg_namespace n on n.oid = c.relnamespace
where not n.nspname = any(:excluded_schemas)
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
group by n.nspname, c.relname, k.indrelid, k.signature
having count(*) > 1
