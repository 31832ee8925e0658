-- Whether pg_stat_statements can be read here: the schema its view was created in (null when the extension is not
-- created in this database), whether the server preloads its library (null when hidden from this role), the server version, and whether this role
-- may see other roles' query texts. HypoPG's schema is read the same way, for the index advisor.
select (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace
        where e.extname = 'pg_stat_statements') as pgss_schema,
       -- null when this role may not see the setting (it needs pg_read_all_settings): the caller then probes the view
       (select setting ~ '(^|[ ,])pg_stat_statements($|[ ,])' from pg_settings where name = 'shared_preload_libraries') as pgss_preloaded,
       current_setting('server_version_num')::int as server_version_num,
       pg_has_role(current_user, 'pg_read_all_stats', 'member') as reads_all_stats,
       (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace
        where e.extname = 'hypopg') as hypopg_schema,
       exists (select 1 from pg_available_extensions where name = 'hypopg') as hypopg_available
