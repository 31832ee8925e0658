-- Cumulative statement statistics of the current database from pg_stat_statements (its schema is substituted for
-- %1$s), one row per query id summed over roles and nesting levels. The sum of squared execution times is kept so
-- that a window's delta has an exact standard deviation. Utility statements (also after leading comments) and queries on the system catalogs
-- (anything naming a pg_ object: dbwarden's own reads, other tools') are left out: they are not the application's workload.
select s.queryid::text as queryid,
       min(s.query) as query,
       sum(s.calls)::bigint as calls,
       sum(s.total_exec_time)::float8 as total_exec_ms,
       sum(s.total_plan_time)::float8 as total_plan_ms,
       sum(s.rows)::bigint as rows,
       sum(s.calls * (s.stddev_exec_time ^ 2 + s.mean_exec_time ^ 2))::float8 as sum_sq_exec,
       sum(s.shared_blks_hit)::bigint as shared_blks_hit,
       sum(s.shared_blks_read)::bigint as shared_blks_read,
       sum(s.temp_blks_written)::bigint as temp_blks_written
from %1$s.pg_stat_statements s
where s.dbid = (select oid from pg_database where datname = current_database())
  and s.queryid is not null
  and regexp_replace(s.query, '^(\s*(--[^\n]*(\n|$)|/\*.*?\*/))*\s*', '') !~* '^(explain|set|reset|show|begin|start|commit|rollback|savepoint|release|prepare|deallocate|execute|discard|listen|unlisten|notify|analyze|vacuum|create|alter|drop|grant|revoke|comment|copy|lock|do)\M'
  and s.query !~* '\m(pg_[a-z_]+|information_schema|hypopg[a-z_]*)\M'
group by s.queryid
