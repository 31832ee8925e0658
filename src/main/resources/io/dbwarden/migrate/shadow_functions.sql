-- Reads user functions, procedures and aggregates (not extension members) as CREATE statements: pg_get_functiondef
-- for functions and procedures; plain aggregates are spelled out from pg_aggregate, which pg_get_functiondef refuses.
-- Ordered-set and hypothetical-set aggregates come without a definition and the script says it leaves them out.
-- Functions that a type made for itself (a range's constructors) are left to CREATE TYPE.
select 'p' || p.oid as key,
       p.prokind::text as kind,
       n.nspname as schema,
       p.proname as name,
       format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as signature,
       pg_get_userbyid(p.proowner) as owner,
       case
         when p.prokind <> 'a' then pg_get_functiondef(p.oid)
         when a.aggkind = 'n' then
           format('CREATE AGGREGATE %I.%I(%s) (SFUNC = %s, STYPE = %s%s%s%s%s%s%s, PARALLEL = %s)',
                  n.nspname, p.proname,
                  case when p.pronargs = 0 then '*' else pg_get_function_arguments(p.oid) end,
                  a.aggtransfn::regproc::text, format_type(a.aggtranstype, null),
                  case when a.aggtransspace <> 0 then ', SSPACE = ' || a.aggtransspace end,
                  case when a.aggfinalfn <> 0 then ', FINALFUNC = ' || a.aggfinalfn::regproc::text end,
                  case when a.aggfinalextra then ', FINALFUNC_EXTRA' end,
                  case when a.aggcombinefn <> 0 then ', COMBINEFUNC = ' || a.aggcombinefn::regproc::text end,
                  case when a.agginitval is not null then ', INITCOND = ' || quote_literal(a.agginitval) end,
                  case when a.aggsortop <> 0 then ', SORTOP = OPERATOR(' || a.aggsortop::regoper::text || ')' end,
                  case p.proparallel when 's' then 'SAFE' when 'r' then 'RESTRICTED' else 'UNSAFE' end)
       end as ddl
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
left join pg_aggregate a on a.aggfnoid = p.oid
where n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend e
                  where e.classid = 'pg_proc'::regclass and e.objid = p.oid and e.deptype in ('e', 'i'))
order by n.nspname, p.proname, pg_get_function_identity_arguments(p.oid) collate "C"
