-- expect: fails
-- rules: dependent-object-prevents-drop
-- why: A view reads the column, so DROP COLUMN without CASCADE fails.
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
create view user_emails as select id, email from users;
-- migration:
set lock_timeout = '2s';
alter table users drop column email;
