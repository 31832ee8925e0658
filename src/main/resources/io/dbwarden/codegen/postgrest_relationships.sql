-- Reads the foreign keys declared in the included schemas (not their copies on partitions), with column names in key
-- order. One-to-one when the referencing columns, in key order, are exactly the columns of a primary key or unique
-- constraint in table order, which is PostgREST's rule.
select k.conname, kn.nspname, t.relname, k.conrelid, k.conkey::int[], rn.nspname, r.relname, k.confrelid,
       k.confkey::int[],
       array(select a.attname from unnest(k.conkey) with ordinality u(num, ord)
               join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.num order by u.ord)::text[],
       array(select a.attname from unnest(k.confkey) with ordinality u(num, ord)
               join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.num order by u.ord)::text[],
       exists (select from pg_constraint q
                where q.conrelid = k.conrelid and q.connamespace = k.connamespace and q.contype in ('p', 'u')
                  and array(select a.attname from pg_attribute a
                             where a.attrelid = q.conrelid and a.attnum = any(q.conkey) order by a.attnum)
                    = array(select a.attname from unnest(k.conkey) with ordinality u(num, ord)
                             join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.num order by u.ord))
  from pg_constraint k
  join pg_namespace kn on kn.oid = k.connamespace
  join pg_class t on t.oid = k.conrelid
  join pg_class r on r.oid = k.confrelid
  join pg_namespace rn on rn.oid = r.relnamespace
 where k.contype = 'f' and k.conparentid = 0 and kn.nspname = any(?)
