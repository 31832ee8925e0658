-- Catalog snapshots: one row per saved snapshot of a configured connection, holding the canonical JSON.
create table snapshot (
    id          integer primary key autoincrement,
    connection  text    not null,
    taken_at    text    not null,
    sha256      text    not null,
    label       text,
    catalog     text    not null
);
create index snapshot_connection_taken_at on snapshot (connection, taken_at);
