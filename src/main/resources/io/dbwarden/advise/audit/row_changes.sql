-- The newest row changes the trigger-based audit recorded (dbwarden audit enable), optionally since a time.
select at, table_name, operation, role_name, api_user, old_row::text as old_row, new_row::text as new_row
from dbwarden_audit.row_change
where at >= coalesce(:since::timestamptz, '-infinity')
order by at desc, id desc
limit :limit
