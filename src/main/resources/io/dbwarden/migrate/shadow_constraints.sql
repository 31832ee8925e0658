-- Reads the table constraints a script must state: primary key, unique, check, exclusion and foreign key, each
-- with its full definition (NOT VALID, DEFERRABLE, ON DELETE included). Constraints that a partition or child
-- table only inherits are left out, because creating the child or the parent's constraint makes them again.
select 'k' || con.oid as key,
       'c' || con.conrelid as relation_key,
       format('%I.%I', n.nspname, c.relname) as relation,
       quote_ident(con.conname) as name,
       con.contype::text as type,
       pg_get_constraintdef(con.oid) as definition,
       con.convalidated as validated
from pg_constraint con
join pg_class c on c.oid = con.conrelid
join pg_namespace n on n.oid = c.relnamespace
where con.contype in ('p', 'u', 'c', 'x', 'f')
  and con.conparentid = 0
  and con.conislocal
  and c.relkind in ('r', 'p')
  and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend e
                  where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')
order by n.nspname, c.relname, con.conname
