-- expect: safe
-- rules: none
-- absent: index-created-non-concurrently
-- why: A plain CREATE INDEX on a table created earlier in the same migration blocks nobody.
-- setup:
-- (nothing)
-- migration:
create table audit_log (
  id bigint generated always as identity primary key,
  actor text not null,
  happened_at timestamptz not null default now()
);
create index audit_log_actor_idx on audit_log (actor);
create index audit_log_happened_idx on audit_log (happened_at desc);
