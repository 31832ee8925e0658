-- Whether durable capture works for this session: both event triggers enabled, and the event table readable.
-- (The event table is not named directly: the query must parse where capture was never installed.)
select exists (select 1 from pg_event_trigger where evtname = 'dbwarden_ddl_command_end' and evtenabled <> 'D')
   and exists (select 1 from pg_event_trigger where evtname = 'dbwarden_sql_drop' and evtenabled <> 'D')
   and to_regclass('dbwarden.ddl_event') is not null
   and has_table_privilege(to_regclass('dbwarden.ddl_event'), 'select') as ready
