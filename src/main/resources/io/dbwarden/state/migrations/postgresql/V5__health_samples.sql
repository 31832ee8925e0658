-- Samples check_health takes of each database's size and connection count, so growth and trends can be computed.
-- (V5, not V4: the query workload branch claims V4.)
create table health_sample (
    connection      text    not null,
    taken_at        text    not null,
    database_bytes  bigint  not null,
    connections     integer not null,
    max_connections integer not null,
    primary key (connection, taken_at)
);
