-- The role the index advisor is asked to plan as: whether it exists, bypasses row-level security, and whether the
-- connection's current user may SET ROLE to it (PostgreSQL 16+ grants that right separately: WITH SET; before, any
-- member may). One row, or none when the role does not exist.
select r.rolsuper or r.rolbypassrls as bypasses_rls,
       case when current_setting('server_version_num')::int >= 160000 then pg_has_role(current_user, r.oid, 'SET')
            else pg_has_role(current_user, r.oid, 'MEMBER') end as can_set,
       current_user as current_role_name
from pg_roles r
where r.rolname = ?
