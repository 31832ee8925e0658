-- Opens a schema read for the shadow script and says who reads. An empty search_path makes format_type and every
-- pg_get_*def qualify user objects with their schema, as pg_dump does, so the script means the same whatever the
-- shadow's search_path is. JIT only adds compile time to these short catalog queries. pg_get_viewdef and
-- pg_get_expr take ACCESS SHARE locks, so without a lock_timeout a migration's lock on the target would make the
-- read wait for as long as it lasts. All settings are local to the reading transaction; the previous_* values give
-- a caller's own transaction its settings back.
select current_setting('search_path') as previous_search_path,
       current_setting('lock_timeout') as previous_lock_timeout,
       current_user as reader,
       set_config('search_path', '', true) as search_path,
       set_config('jit', 'off', true) as jit,
       set_config('lock_timeout', case when current_setting('lock_timeout') in ('0', '0ms') then '5s'
                                       else current_setting('lock_timeout') end, true) as lock_timeout
