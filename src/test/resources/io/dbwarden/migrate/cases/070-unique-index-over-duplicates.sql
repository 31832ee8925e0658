-- expect: fails
-- rules: unique-violation-existing-duplicates
-- why: A unique index over duplicate values fails (and CONCURRENTLY leaves an INVALID index behind).
-- fixture: users
-- data:
insert into users (id, email, name) values (900001, 'user1@example.com', 'Twin');
-- migration:
create unique index concurrently users_email_key on users (email);
