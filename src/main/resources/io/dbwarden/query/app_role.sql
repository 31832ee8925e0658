-- The role the index advisor is asked to plan as: whether it exists, bypasses row-level security, and whether the
-- connection's current user may SET ROLE to it. One row, or none when the role does not exist.
select r.rolsuper or r.rolbypassrls as bypasses_rls,
       pg_has_role(current_user, r.oid, 'MEMBER') as can_set,
       current_user as current_role_name
from pg_roles r
where r.rolname = ?
