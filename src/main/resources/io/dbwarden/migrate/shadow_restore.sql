-- Gives a caller's transaction back the search_path and lock_timeout it had before the shadow script was read.
select set_config('search_path', ?, true), set_config('lock_timeout', ?, true)
