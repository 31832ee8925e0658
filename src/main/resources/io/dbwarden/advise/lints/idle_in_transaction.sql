-- idle-in-transaction: sessions on this database idle inside an open transaction for longer than
-- advisors.idle_in_transaction_seconds. They hold locks and the xmin horizon, so vacuum cannot clean behind them.
select 'pid ' || a.pid as subject,
       coalesce(a.backend_start::text, '') as discriminator,
       format('Session %s (%s, role %s, from %s) has been idle in a transaction for %s; it holds its locks and stops vacuum '
              || 'from removing dead rows.', a.pid, coalesce(nullif(a.application_name, ''), 'no application name'),
              coalesce(a.usename::text, '?'), coalesce(host(a.client_addr), 'local socket'),
              date_trunc('second', now() - a.state_change)) as detail,
       format('select pg_terminate_backend(%s);  -- and set idle_in_transaction_session_timeout for the role that opens them', a.pid) as remediation,
       jsonb_build_object('pid', a.pid, 'role', a.usename, 'application_name', a.application_name, 'state', a.state,
                          'idle_seconds', round(extract(epoch from now() - a.state_change)), 'last_query', left(a.query, 200)) as evidence
from pg_stat_activity a
where a.datname = current_database()
  and a.pid <> pg_backend_pid()
  and a.state in ('idle in transaction', 'idle in transaction (aborted)')
  and now() - a.state_change >= make_interval(secs => :idle_in_transaction_seconds)
