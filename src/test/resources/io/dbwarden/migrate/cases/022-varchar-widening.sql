-- expect: safe
-- rules: none
-- absent: column-type-change-rewrite
-- why: Widening a varchar is binary coercible: no rewrite, no scan.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users alter column email type varchar(200);
