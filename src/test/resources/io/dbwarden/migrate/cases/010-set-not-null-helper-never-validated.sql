-- expect: unsafe
-- rules: set-not-null-full-scan
-- why: A NOT VALID CHECK that was never validated does not let SET NOT NULL skip its scan.
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
-- migration:
set lock_timeout = '2s';
alter table users alter column email set not null;
