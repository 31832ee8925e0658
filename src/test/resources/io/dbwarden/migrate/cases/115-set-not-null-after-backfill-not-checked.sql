-- expect: unsafe
-- rules: set-not-null-full-scan
-- not-checked: yes
-- why: The file backfills the new column before SET NOT NULL; the rows the statement meets are not the target's, so the data check cannot decide it and must say so rather than report a failure.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column plan text;
update users set plan = 'free' where plan is null;
alter table users alter column plan set not null;
