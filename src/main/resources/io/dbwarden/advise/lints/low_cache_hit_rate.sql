-- low-cache-hit-rate: the share of block reads served from shared buffers for this database's tables and indexes
-- (pg_statio_user_tables) and for the database as a whole (pg_stat_database, catalogs included), once enough blocks
-- were read to judge (advisors.cache_min_blocks).
with io as (
    select coalesce(sum(heap_blks_hit), 0) as heap_hit, coalesce(sum(heap_blks_read), 0) as heap_read,
           coalesce(sum(idx_blks_hit), 0) as idx_hit, coalesce(sum(idx_blks_read), 0) as idx_read
    from pg_statio_user_tables
),
rates as (
    select 'table' as kind, heap_hit as hit, heap_read as read from io
    union all
    select 'index', idx_hit, idx_read from io
    union all
    select 'database', blks_hit, blks_read from pg_stat_database where datname = current_database()
)
select current_database() as subject,
       kind as discriminator,
       format('Only %s%% of %s block reads in database %I were served from shared buffers (%s of %s); the rest went to disk '
              || 'or the OS cache.', round(100.0 * hit / (hit + read), 2), kind, current_database(), hit, hit + read) as detail,
       '-- raise shared_buffers (about 25% of RAM), or find the queries that read the most blocks: dbwarden query_analyzer' as remediation,
       jsonb_build_object('kind', kind, 'hit_blocks', hit, 'read_blocks', read,
                          'hit_percent', round(100.0 * hit / (hit + read), 2), 'threshold_percent', :cache_hit_percent) as evidence
from rates
where hit + read >= :cache_min_blocks
  and 100.0 * hit / (hit + read) < :cache_hit_percent
