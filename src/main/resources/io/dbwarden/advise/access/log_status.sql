-- Whether the access watch can read the server's own log from SQL, to count failed-permission and failed-login
-- attempts: the settings that decide whether a CSV or JSON log is written, whether this role may locate, size and read
-- the log file, and whether this is Supabase (whose log lives outside the database, in the dashboard).
select current_setting('log_destination') as log_destination,
       current_setting('logging_collector') as logging_collector,
       current_setting('server_version_num')::int as server_version,
       current_user::text as role_name,
       current_database()::text as database_name,
       has_function_privilege('pg_catalog.pg_current_logfile(text)', 'execute') as can_locate,
       has_function_privilege('pg_catalog.pg_stat_file(text, boolean)', 'execute') as can_stat,
       has_function_privilege('pg_catalog.pg_read_binary_file(text, bigint, bigint, boolean)', 'execute') as can_read,
       exists (select 1 from pg_roles where rolname = 'supabase_admin') as supabase
