-- Reads the stored query tree of each view and materialized view, to learn which table column each view column shows.
select w.ev_class, w.ev_action::text from pg_rewrite w
  join pg_class c on c.oid = w.ev_class
  join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('v', 'm') and w.rulename = '_RETURN' and n.nspname = any(?)
