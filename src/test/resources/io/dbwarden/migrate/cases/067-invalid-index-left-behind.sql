-- expect: fails
-- rules: invalid-index-left-behind
-- why: A failed CIC left an INVALID index; IF NOT EXISTS now skips silently and no usable index exists.
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
create index users_email_idx on users (email);
update pg_index set indisvalid = false where indexrelid = 'users_email_idx'::regclass;
-- migration:
create index concurrently if not exists users_email_idx on users (email);
