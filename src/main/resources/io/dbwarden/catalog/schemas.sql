-- Reads every user schema (not the system ones, not temporary or toast schemas) with its owner and comment.
select n.nspname as name,
       pg_get_userbyid(n.nspowner) as owner,
       obj_description(n.oid, 'pg_namespace') as comment
from pg_namespace n
where n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
order by 1
