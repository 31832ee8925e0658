-- Where the access watch stopped reading the server's own log (file and byte offset, and when it first and last read
-- it), and per sample the cumulative failed-permission and failed-login attempts it counted for each role there.
create table access_log_position (
    connection     text   not null primary key,
    log_file       text   not null,
    log_offset     bigint not null,
    first_read_at  text   not null,
    last_read_at   text   not null
);
create table access_failure_sample (
    connection  text   not null,
    taken_at    text   not null,
    role_name   text   not null,
    failures    bigint not null,
    primary key (connection, taken_at, role_name)
);
