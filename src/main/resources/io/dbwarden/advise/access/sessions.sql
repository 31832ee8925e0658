-- Client sessions on this database by role and client address (local socket when none), for the access watch.
select usename::text as role_name, coalesce(host(client_addr), 'local') as client_addr, count(*)::int as sessions
from pg_stat_activity
where datname = current_database() and backend_type = 'client backend' and usename is not null
group by 1, 2
