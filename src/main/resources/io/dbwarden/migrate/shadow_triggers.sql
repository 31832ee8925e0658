-- Reads user triggers (not the internal ones behind foreign keys, not the clones a partitioned table's trigger makes
-- on its partitions) with their definitions and whether they fire (disabled, replica-only, always).
select format('%I.%I', n.nspname, c.relname) as relation,
       quote_ident(t.tgname) as name,
       pg_get_triggerdef(t.oid) as definition,
       t.tgenabled::text as enabled
from pg_trigger t
join pg_class c on c.oid = t.tgrelid
join pg_namespace n on n.oid = c.relnamespace
where not t.tgisinternal
  and t.tgparentid = 0
  and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend e
                  where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')
order by n.nspname, c.relname, t.tgname
