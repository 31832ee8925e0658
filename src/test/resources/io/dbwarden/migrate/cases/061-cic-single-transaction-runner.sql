-- expect: fails
-- rules: concurrent-index-in-transaction
-- mode: single_transaction
-- why: The runner wraps the file in one transaction (psql -1, Flyway, Rails …).
-- fixture: users
-- migration:
create index concurrently users_email_idx on users (email);
