-- Reads tables (plain, partitioned, partitions, inheritance children), views and materialized views in user
-- schemas, with what CREATE needs besides columns: persistence, partition key and bound, inheritance parents,
-- storage options (fillfactor, autovacuum, toast.*, view options such as security_invoker), view bodies,
-- RLS flags and replica identity. Foreign tables are listed so that the script can say it leaves them out.
select 'c' || c.oid as key,
       c.relkind::text as relkind,
       n.nspname as schema,
       c.relname as name,
       format('%I.%I', n.nspname, c.relname) as qualified,
       pg_get_userbyid(c.relowner) as owner,
       c.relpersistence = 'u' as unlogged,
       c.relispartition as is_partition,
       case when c.relispartition then
         (select format('%I.%I', pn.nspname, pc.relname) from pg_inherits i
            join pg_class pc on pc.oid = i.inhparent join pg_namespace pn on pn.oid = pc.relnamespace
           where i.inhrelid = c.oid)
       end as partition_parent,
       case when c.relispartition then pg_get_expr(c.relpartbound, c.oid) end as partition_bound,
       case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as partition_key,
       case when not c.relispartition then
         coalesce(array(select format('%I.%I', pn.nspname, pc.relname) from pg_inherits i
                          join pg_class pc on pc.oid = i.inhparent join pg_namespace pn on pn.oid = pc.relnamespace
                         where i.inhrelid = c.oid order by i.inhseqno), '{}')
       else '{}' end as inherits,
       (select string_agg(format('%s=%L', split_part(o, '=', 1), substr(o, strpos(o, '=') + 1)), ', ')
          from (select o from unnest(c.reloptions) o
                union all
                select 'toast.' || o from pg_class t, unnest(t.reloptions) o where t.oid = c.reltoastrelid) opts) as options,
       case when c.relkind in ('v', 'm') then regexp_replace(pg_get_viewdef(c.oid), ';\s*$', '') end as view_definition,
       c.relispopulated as populated,
       c.relrowsecurity as rls_enabled,
       c.relforcerowsecurity as rls_forced,
       c.relreplident::text as replica_identity,
       (select quote_ident(ic.relname) from pg_index i join pg_class ic on ic.oid = i.indexrelid
         where i.indrelid = c.oid and i.indisreplident) as replica_index
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'v', 'm', 'f')
  and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend e
                  where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')
order by n.nspname, c.relname
