-- Reads the user-defined types that a CREATE TYPE or CREATE DOMAIN makes: enums, ranges, stand-alone composites
-- and domains (not array types, not table row types, not multiranges, which their parents make, and not extension
-- members). A domain's CHECK constraints come as parallel arrays, so the script can add a NOT VALID one, or one
-- that calls a user function, after everything it needs exists. Range canonical functions are not recreated.
select 't' || t.oid as key,
       t.typtype::text as kind,
       n.nspname as schema,
       t.typname as name,
       format('%I.%I', n.nspname, t.typname) as qualified,
       pg_get_userbyid(t.typowner) as owner,
       case t.typtype
         when 'e' then format('CREATE TYPE %I.%I AS ENUM (%s)', n.nspname, t.typname,
                              (select coalesce(string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder), '')
                               from pg_enum e where e.enumtypid = t.oid))
         when 'c' then format('CREATE TYPE %I.%I AS (%s)', n.nspname, t.typname,
                              (select coalesce(string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod))
                                                          || case when a.attcollation <> at.typcollation
                                                                  then ' COLLATE ' || quote_ident(cn.nspname) || '.'
                                                                       || quote_ident(co.collname) else '' end,
                                                          ', ' order by a.attnum), '')
                               from pg_attribute a
                               join pg_type at on at.oid = a.atttypid
                               left join pg_collation co on co.oid = a.attcollation
                               left join pg_namespace cn on cn.oid = co.collnamespace
                               where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped))
         when 'r' then format('CREATE TYPE %I.%I AS RANGE (SUBTYPE = %s, SUBTYPE_OPCLASS = %I.%I%s%s, MULTIRANGE_TYPE_NAME = %I.%I)',
                              n.nspname, t.typname, format_type(r.rngsubtype, null), opn.nspname, opc.opcname,
                              case when r.rngcollation <> 0 and r.rngcollation <> st.typcollation
                                   then ', COLLATION = ' || quote_ident(rcn.nspname) || '.' || quote_ident(rco.collname) end,
                              case when r.rngsubdiff <> 0 then ', SUBTYPE_DIFF = ' || r.rngsubdiff::regproc::text end,
                              mn.nspname, mt.typname)
         when 'd' then format('CREATE DOMAIN %I.%I AS %s', n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod))
                       || case when t.typcollation <> bt.typcollation
                               then ' COLLATE ' || quote_ident(dcn.nspname) || '.' || quote_ident(dco.collname) else '' end
                       || case when t.typdefaultbin is not null
                               then ' DEFAULT ' || pg_get_expr(t.typdefaultbin, 0) else '' end
                       || case when t.typnotnull then ' NOT NULL' else '' end
       end as ddl,
       r.rngcanonical <> 0 as has_canonical,
       coalesce(array(select 'k' || c.oid from pg_constraint c where c.contypid = t.oid and c.contype = 'c' order by c.conname), '{}') as check_keys,
       coalesce(array(select quote_ident(c.conname) from pg_constraint c where c.contypid = t.oid and c.contype = 'c' order by c.conname), '{}') as check_names,
       coalesce(array(select pg_get_constraintdef(c.oid) from pg_constraint c where c.contypid = t.oid and c.contype = 'c' order by c.conname), '{}') as check_defs,
       coalesce(array(select c.convalidated from pg_constraint c where c.contypid = t.oid and c.contype = 'c' order by c.conname), '{}') as check_validated
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
left join pg_class tc on tc.oid = t.typrelid
left join pg_range r on r.rngtypid = t.oid
left join pg_type st on st.oid = r.rngsubtype
left join pg_opclass opc on opc.oid = r.rngsubopc
left join pg_namespace opn on opn.oid = opc.opcnamespace
left join pg_collation rco on rco.oid = r.rngcollation
left join pg_namespace rcn on rcn.oid = rco.collnamespace
left join pg_type mt on mt.oid = r.rngmultitypid
left join pg_namespace mn on mn.oid = mt.typnamespace
left join pg_type bt on bt.oid = t.typbasetype
left join pg_collation dco on dco.oid = t.typcollation
left join pg_namespace dcn on dcn.oid = dco.collnamespace
where (t.typtype in ('e', 'r', 'd') or (t.typtype = 'c' and tc.relkind = 'c'))
  and n.nspname not in ('pg_catalog', 'information_schema', 'dbwarden')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend e
                  where e.classid = 'pg_type'::regclass and e.objid = t.oid and e.deptype = 'e')
order by n.nspname, t.typname
