-- expect: safe
-- rules: none
-- absent: volatile-default-rewrite
-- why: A constant default is stored once in the catalog (PG11+ fast default): no rewrite.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column status text not null default 'active';
