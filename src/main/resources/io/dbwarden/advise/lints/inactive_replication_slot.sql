-- inactive-replication-slot: replication slots nobody is consuming that still hold WAL (restart_lsn set). The server
-- keeps every WAL segment since, until the disk fills, and a logical slot also holds back vacuum on the catalogs.
select s.slot_name::text as subject,
       '' as discriminator,
       format('Replication slot %I (%s%s) is inactive and retains %s of WAL.', s.slot_name, s.slot_type,
              coalesce(', database ' || s.database, ''),
              case when pg_is_in_recovery() then 'an unknown amount'
                   else pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn)) end) as detail,
       format('select pg_drop_replication_slot(%L);  -- if its consumer is gone for good', s.slot_name) as remediation,
       jsonb_build_object('slot_name', s.slot_name, 'slot_type', s.slot_type, 'database', s.database,
                          'retained_bytes', case when pg_is_in_recovery() then null
                                                 else pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn) end) as evidence
from pg_replication_slots s
where not s.active
  and s.restart_lsn is not null
