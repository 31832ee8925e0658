-- expect: fails
-- rules: non-transactional-statement-in-transaction
-- why: VACUUM cannot run inside a transaction block.
-- fixture: users
-- migration:
begin;
vacuum analyze users;
commit;
