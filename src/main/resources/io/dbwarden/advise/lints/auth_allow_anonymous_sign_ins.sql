-- auth-allow-anonymous-sign-ins (splinter 0012, which has no SQL: Supabase checks its Auth settings): the database
-- trace of the setting is anonymous users in auth.users (is_anonymous). query_to_xml runs the count only when the
-- column exists, so the query stays valid on databases without Supabase Auth.
select 'auth.users' as subject,
       '' as discriminator,
       format('auth.users holds %s anonymous user(s): anonymous sign-ins are (or were) enabled, and RLS policies for '
              || 'authenticated also admit them unless they check (auth.jwt() ->> ''is_anonymous'')::boolean.', x.n) as detail,
       '-- in policies meant for permanent users only, add: and ((select auth.jwt()) ->> ''is_anonymous'')::boolean is false' as remediation,
       jsonb_build_object('schema', 'auth', 'name', 'users', 'type', 'table', 'anonymous_users', x.n) as evidence
from (
    select (xpath('/row/n/text()', query_to_xml('select count(*) as n from auth.users where is_anonymous', false, true, '')))[1]::text::bigint as n
    from pg_attribute a
    where a.attrelid = to_regclass('auth.users') and a.attname = 'is_anonymous' and not a.attisdropped
) x
where x.n > 0
