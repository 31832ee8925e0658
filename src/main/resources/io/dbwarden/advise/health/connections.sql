-- Connections on the whole server against max_connections (minus the superuser reserve), and by state.
select count(*)::int as total,
       current_setting('max_connections')::int as max_connections,
       current_setting('superuser_reserved_connections')::int as reserved,
       count(*) filter (where state = 'active')::int as active,
       count(*) filter (where state = 'idle')::int as idle,
       count(*) filter (where state like 'idle in transaction%')::int as idle_in_transaction
from pg_stat_activity
where backend_type = 'client backend'
