-- Removes dbwarden's change capture: the event triggers, their functions and the recorded events.
drop event trigger if exists dbwarden_ddl_command_end;
drop event trigger if exists dbwarden_sql_drop;
drop schema if exists dbwarden cascade;
