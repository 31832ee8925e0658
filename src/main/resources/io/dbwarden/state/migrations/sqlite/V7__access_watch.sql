-- What the access watch has seen: every role and client address (first and last time), and per sample the
-- cumulative calls each role made to statements naming sensitive tables, to tell a sudden rise from the usual rate.
create table access_seen (
    connection  text not null,
    kind        text not null,
    value       text not null,
    first_seen  text not null,
    last_seen   text not null,
    primary key (connection, kind, value)
);
create table access_sample (
    connection       text   not null,
    taken_at         text   not null,
    role_name        text   not null,
    sensitive_calls  bigint not null,
    primary key (connection, taken_at, role_name)
);
