-- Sessions on this database waiting for a lock, with the sessions blocking them.
select a.pid, a.usename::text as role, round(extract(epoch from now() - a.state_change))::bigint as waiting_seconds,
       pg_blocking_pids(a.pid) as blocked_by, left(a.query, 300) as query
from pg_stat_activity a
where a.datname = current_database() and a.wait_event_type = 'Lock'
order by a.state_change
limit 50
