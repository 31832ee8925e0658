-- Reads the attributes of every composite type, in declared order.
select a.attrelid, a.attname, a.atttypid from pg_attribute a join pg_class c on c.oid = a.attrelid
 where c.relkind = 'c' and a.attnum > 0 and not a.attisdropped order by a.attrelid, a.attnum
