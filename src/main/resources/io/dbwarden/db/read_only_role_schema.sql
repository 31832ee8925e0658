-- Read access to one schema's tables and views, now and for tables created later by the current role.
grant usage on schema {{schema}} to {{role}};
grant select on all tables in schema {{schema}} to {{role}};
alter default privileges in schema {{schema}} grant select on tables to {{role}};
