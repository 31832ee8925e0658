-- Every migration dbwarden applied: what, where, on which validation, with which backup, and how it ended.
create table migration_applied (
    id           bigint generated always as identity primary key,
    connection   text    not null,
    applied_at   text    not null,
    token        text    not null,
    files        text    not null,
    verdict      text    not null,
    forced       integer not null,
    backup_dir   text,
    statements   integer not null,
    outcome      text    not null,
    error        text
);
