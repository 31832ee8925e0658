-- The captured DDL events after the monitor's cursor, oldest first, bounded so a long outage replays in batches.
select id, occurred_at, event, command_tag, object_type, schema_name, object_identity, role_name
from dbwarden.ddl_event
where id > ?
order by id
limit 1000
