-- Tables with dead rows or changes that neither vacuum nor analyze (manual or auto) has handled for :vacuum_age_days
-- days, worst first; the top 20 only.
select schemaname || '.' || relname as table_name, n_live_tup as live_rows, n_dead_tup as dead_rows,
       n_mod_since_analyze as changed_since_analyze,
       greatest(last_vacuum, last_autovacuum) as last_vacuum, greatest(last_analyze, last_autoanalyze) as last_analyze,
       (n_dead_tup > 1000 and coalesce(greatest(last_vacuum, last_autovacuum), 'epoch') < now() - make_interval(days => :vacuum_age_days)) as vacuum_overdue,
       (n_mod_since_analyze > 1000 and coalesce(greatest(last_analyze, last_autoanalyze), 'epoch') < now() - make_interval(days => :vacuum_age_days)) as analyze_overdue
from pg_stat_user_tables
where (n_dead_tup > 1000 and coalesce(greatest(last_vacuum, last_autovacuum), 'epoch') < now() - make_interval(days => :vacuum_age_days))
   or (n_mod_since_analyze > 1000 and coalesce(greatest(last_analyze, last_autoanalyze), 'epoch') < now() - make_interval(days => :vacuum_age_days))
order by n_dead_tup + n_mod_since_analyze desc
limit 20
