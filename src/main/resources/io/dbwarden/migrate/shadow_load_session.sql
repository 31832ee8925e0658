-- Prepares the transaction that loads a shadow script. Function bodies are not checked, because a body may use
-- tables and functions that come later in the script (pg_dump's restore does the same). The script names every
-- user object with its schema, so search_path is empty. All settings end with the transaction.
select set_config('check_function_bodies', 'off', true),
       set_config('search_path', '', true),
       set_config('client_min_messages', 'warning', true),
       set_config('standard_conforming_strings', 'on', true)
