-- Findings with their lifecycle, every lifecycle transition, the schema monitor's cursor into the target's DDL
-- event table, and the history of schema changes the monitor saw.
create table finding (
    connection   text    not null,
    fingerprint  text    not null,
    scope        text    not null,
    rule_id      text    not null,
    severity     text    not null,
    category     text    not null,
    subject      text    not null,
    title        text    not null,
    detail       text,
    remediation  text,
    evidence     text    not null,
    status       text    not null,
    first_seen   text    not null,
    last_seen    text    not null,
    resolved_at  text,
    times_seen   integer not null,
    reopened     integer not null default 0,
    primary key (connection, fingerprint)
);
create index finding_scope_status on finding (connection, scope, status);

create table finding_event (
    id          integer primary key autoincrement,
    connection  text not null,
    fingerprint text not null,
    transition  text not null,
    at          text not null
);
create index finding_event_fingerprint on finding_event (connection, fingerprint);

create table monitor_cursor (
    connection     text primary key,
    last_event_id  integer not null,
    updated_at     text not null
);

create table schema_change (
    id           integer primary key autoincrement,
    connection   text not null,
    detected_at  text not null,
    snapshot_id  integer,
    action       text not null,
    object_type  text not null,
    subject      text not null,
    changes      text not null
);
create index schema_change_connection on schema_change (connection, id);

create table ddl_event (
    connection       text    not null,
    event_id         integer not null,
    occurred_at      text    not null,
    command_tag      text    not null,
    object_type      text,
    object_identity  text,
    role_name        text,
    primary key (connection, event_id)
);
