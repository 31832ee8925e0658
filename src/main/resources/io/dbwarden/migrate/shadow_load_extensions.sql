-- Reads the extensions the shadow's server can install; the script's other extensions are skipped and reported.
select name from pg_available_extensions
