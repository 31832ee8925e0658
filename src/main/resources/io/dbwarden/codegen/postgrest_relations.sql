-- Reads the tables, partitioned and foreign tables, views and materialized views of the included schemas, with
-- whether PostgreSQL (or an INSTEAD OF trigger or rule) lets each view take INSERT and UPDATE.
select c.oid, n.nspname, c.relname, c.relkind::text,
       c.relkind = 'v' and pg_relation_is_updatable(c.oid, true) & 8 = 8,
       c.relkind = 'v' and pg_relation_is_updatable(c.oid, true) & 4 = 4
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = any(?) and c.relkind in ('r', 'p', 'f', 'v', 'm') and not pg_is_other_temp_schema(n.oid)
   and (c.relkind not in ('r', 'p') or pg_has_role(c.relowner, 'USAGE')
        or has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
        or has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
