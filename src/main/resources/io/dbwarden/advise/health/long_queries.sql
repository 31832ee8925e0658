-- Statements on this database running longer than :long_query_seconds, longest first (dbwarden's own session excluded).
select pid, usename::text as role, coalesce(nullif(application_name, ''), '-') as application, state,
       round(extract(epoch from now() - query_start))::bigint as seconds, left(query, 300) as query
from pg_stat_activity
where datname = current_database() and pid <> pg_backend_pid()
  and state = 'active' and backend_type = 'client backend'
  and now() - query_start >= make_interval(secs => :long_query_seconds)
order by query_start
limit 20
