-- Every user relation's storage file number, so that a statement that rewrote a table or rebuilt an index shows up
-- as a changed relfilenode. Also validity of indexes, for concurrent builds that fail and leave an invalid index.
select c.oid::bigint as oid,
       n.nspname || '.' || c.relname as name,
       c.relkind::text as relkind,
       pg_relation_filenode(c.oid)::bigint as filenode,
       coalesce(i.indisvalid, true) as valid
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_index i on i.indexrelid = c.oid
where c.relkind in ('r', 'i', 'm', 't', 'p', 'I')
  and n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname !~ '^pg_(temp_|toast_temp_)'
