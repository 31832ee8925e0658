-- extension-in-public (splinter 0014): extensions installed into public, whose functions and tables then sit in
-- the API schema (plpgsql excepted; it owns nothing there).
select e.extname as subject,
       '' as discriminator,
       format('Extension %I is installed in schema public, so its objects sit next to the application''s and may be exposed '
              || 'through the API.', e.extname) as detail,
       format('create schema if not exists extensions; alter extension %I set schema extensions;  -- if it is relocatable; '
              || 'otherwise drop and re-create it in schema extensions', e.extname) as remediation,
       jsonb_build_object('schema', 'public', 'name', e.extname, 'type', 'extension', 'relocatable', e.extrelocatable) as evidence
from pg_extension e
where e.extnamespace = 'public'::regnamespace
  and e.extname <> 'plpgsql'
