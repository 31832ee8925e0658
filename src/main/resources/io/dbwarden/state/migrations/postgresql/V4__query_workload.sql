-- Snapshots of pg_stat_statements and of per-table write counters, for the query analyzer: a window's load is the
-- difference between two snapshots, never the totals since the last reset.
create table query_snapshot (
    id           bigint generated always as identity primary key,
    connection   text   not null,
    taken_at     text   not null,
    stats_reset  text,
    dealloc      bigint
);
create index query_snapshot_connection on query_snapshot (connection, id);

create table query_snapshot_stat (
    snapshot_id        bigint           not null references query_snapshot (id) on delete cascade,
    queryid            text             not null,
    query              text             not null,
    calls              bigint           not null,
    total_exec_ms      double precision not null,
    total_plan_ms      double precision not null,
    rows               bigint           not null,
    sum_sq_exec        double precision not null,
    shared_blks_hit    bigint           not null,
    shared_blks_read   bigint           not null,
    temp_blks_written  bigint           not null,
    primary key (snapshot_id, queryid)
);

create table query_snapshot_table (
    snapshot_id    bigint not null references query_snapshot (id) on delete cascade,
    relation       text   not null,
    n_tup_ins      bigint not null,
    n_tup_upd      bigint not null,
    n_tup_del      bigint not null,
    n_tup_hot_upd  bigint not null,
    seq_scan       bigint not null,
    idx_scan       bigint not null,
    n_live_tup     bigint not null,
    primary key (snapshot_id, relation)
);
