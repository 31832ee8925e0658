-- Average stored width of every analyzed column of user tables (pg_stats), to estimate the size and write overhead
-- of a candidate index when HypoPG cannot measure it.
select s.schemaname || '.' || s.tablename as relation, s.attname, s.avg_width
from pg_stats s
where s.schemaname not in ('pg_catalog', 'information_schema')
