-- invalid-index: indexes left invalid by a failed CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY. They serve no
-- query but are still maintained on every write. Builds still in progress are skipped.
select n.nspname || '.' || ic.relname as subject,
       '' as discriminator,
       format('Index %I.%I on %I is invalid (a concurrent build failed): no query uses it, yet every write maintains it.',
              n.nspname, ic.relname, c.relname) as detail,
       format('drop index concurrently %I.%I;  -- then rebuild it: %s', n.nspname, ic.relname,
              regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE (UNIQUE )?INDEX ', 'CREATE \1INDEX CONCURRENTLY ')) || ';' as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'index', 'index', ic.relname,
                          'definition', pg_get_indexdef(i.indexrelid)) as evidence
from pg_index i
join pg_class ic on ic.oid = i.indexrelid
join pg_class c on c.oid = i.indrelid
join pg_namespace n on n.oid = ic.relnamespace
where not i.indisvalid
  and not exists (select 1 from pg_stat_progress_create_index p where p.index_relid = i.indexrelid)
