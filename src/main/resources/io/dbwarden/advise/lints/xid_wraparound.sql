-- xid-wraparound: tables with fewer than advisors.xid_remaining transaction IDs left before wraparound forces the
-- server into read-only mode; the age is the older of the table's and its TOAST table's relfrozenxid.
select n.nspname || '.' || c.relname as subject,
       '' as discriminator,
       format('Table %I.%I has %s transaction IDs left before wraparound (age %s); autovacuum has not frozen it.', n.nspname,
              c.relname, 2146483648 - x.age, x.age) as detail,
       format('vacuum (freeze, verbose) %I.%I;  -- and look for what blocks autovacuum: long transactions, prepared '
              || 'transactions, inactive replication slots', n.nspname, c.relname) as remediation,
       jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table', 'xid_age', x.age,
                          'transactions_left', 2146483648 - x.age) as evidence,
       case when 2146483648 - x.age < 100000000 then 'critical' else null end as severity
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_class t on t.oid = c.reltoastrelid
cross join lateral (select greatest(age(c.relfrozenxid), coalesce(age(t.relfrozenxid), 0))::bigint as age) x
where c.relkind in ('r', 'm')
  and c.relfrozenxid <> '0'::xid
  and 2146483648 - x.age < :xid_remaining
