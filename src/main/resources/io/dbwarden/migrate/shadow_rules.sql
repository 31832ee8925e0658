-- Reads rewrite rules made by CREATE RULE (not the _RETURN rule behind every view, which CREATE VIEW makes).
select format('%I.%I', n.nspname, c.relname) as relation,
       quote_ident(r.rulename) as name,
       regexp_replace(pg_get_ruledef(r.oid), ';\s*$', '') as definition
from pg_rewrite r
join pg_class c on c.oid = r.ev_class
join pg_namespace n on n.oid = c.relnamespace
where r.rulename <> '_RETURN'
  and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend e
                  where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')
order by n.nspname, c.relname, r.rulename
