-- Reads the roles the schema names: owners, grantees, policy roles and default-privilege roles. pg_shdepend records
-- them for this database; the bootstrap superuser (oid 10) is pinned and so never recorded, but may own objects.
-- Roles are cluster-wide, so a shadow on another server lacks them; predefined pg_* roles exist everywhere.
select quote_ident(r.rolname) as quoted, r.rolname as name
from pg_roles r
where (r.oid = 10
       or r.oid in (select d.refobjid from pg_shdepend d
                    where d.dbid = (select oid from pg_database where datname = current_database())
                      and d.refclassid = 'pg_authid'::regclass
                      and d.deptype in ('o', 'a', 'r')))
  and r.rolname !~ '^pg_'
order by r.rolname
