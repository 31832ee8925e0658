-- Reads user triggers (not the internal ones behind foreign keys) and decodes tgtype into timing, events and level.
select t.tgrelid as relid,
       t.tgname as name,
       case when t.tgtype & 2 <> 0 then 'BEFORE' when t.tgtype & 64 <> 0 then 'INSTEAD OF' else 'AFTER' end as timing,
       array_remove(array[case when t.tgtype & 4 <> 0 then 'INSERT' end,
                          case when t.tgtype & 16 <> 0 then 'UPDATE' end,
                          case when t.tgtype & 8 <> 0 then 'DELETE' end,
                          case when t.tgtype & 32 <> 0 then 'TRUNCATE' end], null) as events,
       case when t.tgtype & 1 <> 0 then 'ROW' else 'STATEMENT' end as level,
       fn.nspname || '.' || f.proname as function,
       t.tgenabled::text as enabled,
       pg_get_triggerdef(t.oid, true) as definition
from pg_trigger t
join pg_proc f on f.oid = t.tgfoid
join pg_namespace fn on fn.oid = f.pronamespace
where not t.tgisinternal
  and t.tgparentid = 0
order by t.tgrelid, t.tgname
