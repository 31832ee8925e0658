-- expect: safe
-- rules: none
-- why: COMMENT ON takes ShareUpdateExclusiveLock: traffic continues, no lock_timeout needed.
-- fixture: users
-- migration:
comment on table users is 'people who can sign in';
comment on column users.email is 'login';
