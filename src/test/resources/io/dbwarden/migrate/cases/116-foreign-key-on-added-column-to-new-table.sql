-- expect: unsafe
-- rules: foreign-key-without-not-valid
-- why: Both the referenced table and the referencing column are new: every existing row holds NULL in it, which a foreign key accepts; the validation scan under a blocking lock remains.
-- fixture: users
-- migration:
set lock_timeout = '2s';
create table teams (id bigint primary key, name text not null);
alter table users add column team_id bigint;
alter table users add constraint users_team_fkey foreign key (team_id) references teams (id);
