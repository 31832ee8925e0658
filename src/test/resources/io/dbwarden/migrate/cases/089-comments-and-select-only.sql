-- expect: safe
-- rules: none
-- why: Comments and a SELECT: nothing to do.
-- fixture: users
-- migration:
-- nothing but a check
/* block comment; with a semicolon */
select count(*) from users;
