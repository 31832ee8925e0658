-- The relation locks this session holds right now (inside the transaction that ran the statement), with names.
select coalesce(n.nspname || '.' || c.relname, l.relation::text) as relation, c.relkind::text as relkind, l.mode
from pg_locks l
left join pg_class c on c.oid = l.relation
left join pg_namespace n on n.oid = c.relnamespace
where l.pid = pg_backend_pid()
  and l.locktype = 'relation'
  and l.granted
  and (n.nspname is null or (n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_toast'))
order by 1, 3
