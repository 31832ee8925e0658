-- Replication lag: on a standby, how far replay trails (0 when everything received is replayed); on a primary, the
-- replay lag each connected standby reports.
select 'standby' as role, null::text as standby,
       case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
            else extract(epoch from now() - pg_last_xact_replay_timestamp()) end as lag_seconds
where pg_is_in_recovery()
union all
select 'primary', coalesce(application_name, client_addr::text), extract(epoch from replay_lag)
from pg_stat_replication
where not pg_is_in_recovery()
