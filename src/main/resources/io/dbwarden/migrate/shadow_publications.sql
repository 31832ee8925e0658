-- Reads publications with their tables and what they publish. Supabase Realtime listens through one
-- (supabase_realtime), and migrations often run ALTER PUBLICATION … ADD TABLE, which fails where it is missing.
-- Row filters, column lists and FOR TABLES IN SCHEMA (PostgreSQL 15+) are not read.
select quote_ident(p.pubname) as name,
       format('CREATE PUBLICATION %I%s WITH (publish = %L, publish_via_partition_root = %s)', p.pubname,
              case when p.puballtables then ' FOR ALL TABLES'
                   else (select ' FOR TABLE ' || string_agg(format('%I.%I', n.nspname, c.relname), ', '
                                                            order by n.nspname, c.relname)
                         from pg_publication_rel pr
                         join pg_class c on c.oid = pr.prrelid
                         join pg_namespace n on n.oid = c.relnamespace
                         where pr.prpubid = p.oid
                           and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
                           and not exists (select 1 from pg_depend e
                                           where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e'))
              end,
              concat_ws(', ', case when p.pubinsert then 'insert' end, case when p.pubupdate then 'update' end,
                        case when p.pubdelete then 'delete' end, case when p.pubtruncate then 'truncate' end),
              case when p.pubviaroot then 'true' else 'false' end) as definition
from pg_publication p
order by p.pubname
