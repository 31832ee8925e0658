-- Statements of this database from pg_stat_statements with the role that ran them and their cumulative calls;
-- Java tokenizes each text to see which tables it names. Runs only when the extension is installed.
select r.rolname::text as role_name, s.query, s.calls
from pg_stat_statements s
join pg_roles r on r.oid = s.userid
where s.dbid = (select oid from pg_database where datname = current_database())
