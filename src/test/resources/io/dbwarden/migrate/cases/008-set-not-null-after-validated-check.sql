-- expect: safe
-- rules: none
-- absent: set-not-null-full-scan
-- why: A validated CHECK (email IS NOT NULL) from an earlier migration lets SET NOT NULL skip the scan (PG12+).
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
alter table users add constraint users_email_not_null check (email is not null) not valid;
alter table users validate constraint users_email_not_null;
-- migration:
set lock_timeout = '2s';
alter table users alter column email set not null;
alter table users drop constraint users_email_not_null;
