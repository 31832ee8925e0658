-- expect: safe
-- rules: json-column-instead-of-jsonb
-- why: A json column works but jsonb is almost always the better type; advice only.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column settings json;
