-- Reads the plain functions of the included schemas (no procedures, aggregates or trigger functions) with every
-- argument: types, modes and names in declaration order, and the counts that place the defaults.
select p.oid, n.nspname, p.proname, p.pronargs, p.pronargdefaults,
       coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargmodes::text[], p.proargnames,
       p.prorettype, nullif(rt.typrelid, 0), p.proretset, case when p.proretset then nullif(p.prorows, 0) end,
       pg_get_function_arguments(p.oid), pg_get_function_result(p.oid)
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  left join pg_type rt on rt.oid = p.prorettype
 where n.nspname = any(?) and p.prokind = 'f'
   and p.prorettype not in ('trigger'::regtype, 'event_trigger'::regtype)
