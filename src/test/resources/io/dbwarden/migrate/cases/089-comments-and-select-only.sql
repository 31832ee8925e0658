-- expect: safe
-- rules: none
-- why: Comments and a SELECT: nothing to do.
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
-- nothing but a check
/* block comment; with a semicolon */
select count(*) from users;
