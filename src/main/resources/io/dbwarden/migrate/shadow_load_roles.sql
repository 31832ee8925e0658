-- Reads the roles that already exist on the shadow's server, so that loading creates only the missing ones.
select rolname from pg_roles
