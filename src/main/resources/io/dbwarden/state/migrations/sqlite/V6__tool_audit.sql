-- Every MCP tool call dbwarden served: who called which tool with which arguments (secrets removed), whether it
-- may write, how it ended and how long it took. get_audit_log and dbwarden audit read it with the DDL events.
create table tool_call (
    at         text    not null,
    caller     text    not null,
    tool       text    not null,
    arguments  text    not null,
    writes     integer not null,
    outcome    text    not null,
    millis     bigint  not null
);
create index tool_call_at on tool_call (at);
