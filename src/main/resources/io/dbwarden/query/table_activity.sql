-- Cumulative row writes and scans per user table, with its live rows and size from relpages (no size function, which
-- would lock the table): the write rate and HOT ratio that the index and caching advice weigh.
select s.schemaname || '.' || s.relname as relation,
       s.n_tup_ins, s.n_tup_upd, s.n_tup_del, s.n_tup_hot_upd,
       coalesce(s.seq_scan, 0) as seq_scan, coalesce(s.idx_scan, 0) as idx_scan,
       s.n_live_tup, greatest(c.reltuples, 0)::bigint as reltuples,
       c.relpages::bigint * current_setting('block_size')::bigint as bytes
from pg_stat_user_tables s
join pg_class c on c.oid = s.relid
