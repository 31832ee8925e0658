-- expect: safe
-- rules: none
-- why: COMMENT ON takes ShareUpdateExclusiveLock: traffic continues, no lock_timeout needed.
-- setup:
create table users (
  id bigint primary key,
  email varchar(100),
  name text not null,
  created_at timestamp not null default now()
);
insert into users (id, email, name)
select g, 'user' || g || '@example.com', 'User ' || g from generate_series(1, 5000) g;
analyze users;
-- migration:
comment on table users is 'people who can sign in';
comment on column users.email is 'login';
