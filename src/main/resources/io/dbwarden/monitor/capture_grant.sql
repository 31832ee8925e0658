-- Lets the role the monitor reads with see the captured events.
grant usage on schema dbwarden to {{role}};
grant select on dbwarden.ddl_event to {{role}};
