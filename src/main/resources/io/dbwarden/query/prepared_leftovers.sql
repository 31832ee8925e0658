-- The statements this session prepared for planning (named dbwarden_plan_...) that are still prepared.
select name
from pg_prepared_statements
where name like 'dbwarden\_plan\_%'
