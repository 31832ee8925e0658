-- The dedicated read-only role dbwarden connects as for read-only work. The database role is the real boundary:
-- no superuser, no membership in pg_read_server_files, pg_write_server_files or pg_execute_server_program, and
-- every transaction read-only by default. Run with psql, passing the password as a variable:
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -v ro_password="$DBWARDEN_RO_PASSWORD" -f read-only-role.sql
create role {{role}} login password :'ro_password'
  nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls connection limit 10;
alter role {{role}} set default_transaction_read_only = on;
alter role {{role}} set statement_timeout = '30s';
alter role {{role}} set idle_in_transaction_session_timeout = '60s';
grant connect on database {{database}} to {{role}};
-- pg_stat_statements and pg_stat_activity of other roles, for query analysis and health checks.
grant pg_read_all_stats to {{role}};
