-- This database's size, its largest tables (with indexes and TOAST), and the cache hit rates. Table sizes come from
-- relpages as of the last vacuum or analyze, not pg_total_relation_size, which takes a lock on every table and would
-- wait behind any session holding an exclusive one.
select pg_database_size(current_database()) as database_bytes,
       (select coalesce(jsonb_agg(t order by t.bytes desc), '[]') from (
            select n.nspname || '.' || c.relname as name,
                   (c.relpages + coalesce(toast.relpages, 0) + coalesce((select sum(ic.relpages) from pg_index i join pg_class ic on ic.oid = i.indexrelid
                                                                      where i.indrelid = c.oid), 0))::bigint
                   * current_setting('block_size')::bigint as bytes
            from pg_class c join pg_namespace n on n.oid = c.relnamespace left join pg_class toast on toast.oid = c.reltoastrelid
            where c.relkind in ('r', 'p', 'm') and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
            order by 2 desc limit 10) t)::text as largest,
       (select round(100.0 * sum(heap_blks_hit) / nullif(sum(heap_blks_hit) + sum(heap_blks_read), 0), 2) from pg_statio_user_tables) as table_hit_percent,
       (select round(100.0 * sum(idx_blks_hit) / nullif(sum(idx_blks_hit) + sum(idx_blks_read), 0), 2) from pg_statio_user_tables) as index_hit_percent
