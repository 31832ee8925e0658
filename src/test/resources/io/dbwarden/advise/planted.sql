-- Planted positives and tricky negatives for every advisor rule that the catalog alone decides. Loaded statement by
-- statement on an empty database by AdvisorsTest and by bench/advisors.mjs. Each "-- expect:" line names a finding
-- that must be produced (rule, subject), each "-- reject:" line one that must not. The advisors run with
-- exposed_schemas [public, hidden, pgmq_public], graphql on and bloat_min_mb 0 (see AdvisorsTest).

-- A Supabase look-alike: the API roles (cluster-wide, so they may exist already), auth.users and the auth functions.
do $$
declare r text;
begin
    foreach r in array array['anon', 'authenticated', 'service_role'] loop
        if not exists (select 1 from pg_roles where rolname = r) then
            begin
                execute format('create role %I nologin noinherit', r);
            exception when duplicate_object or unique_violation then null;
            end;
        end if;
    end loop;
end
$$;
create schema auth;
create table auth.users (id uuid primary key, email text not null unique, raw_user_meta_data jsonb,
    is_anonymous boolean not null default false);
create function auth.uid() returns uuid language sql stable set search_path = ''
    as $$ select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
create function auth.jwt() returns jsonb language sql stable set search_path = ''
    as $$ select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb $$;
grant usage on schema auth to anon, authenticated;
grant execute on function auth.uid(), auth.jwt() to anon, authenticated;
-- exposed through the configuration, but the API roles have no USAGE on it: nothing in it is reachable
create schema hidden;
revoke all on schema hidden from public;

-- rls-disabled-in-public
-- expect: rls-disabled-in-public public.rdp_open
-- expect: rls-disabled-in-public public.rdp_write_only
-- reject: rls-disabled-in-public public.rdp_private
-- reject: rls-disabled-in-public hidden.rdp_nousage
-- reject: rls-disabled-in-public public.rdp_rls_on
create table public.rdp_open (id int primary key);
grant select on public.rdp_open to anon;
create table public.rdp_write_only (id int primary key);
grant insert on public.rdp_write_only to authenticated;
create table public.rdp_private (id int primary key);
create table hidden.rdp_nousage (id int primary key);
grant select on hidden.rdp_nousage to anon;
create table public.rdp_rls_on (id int primary key);
alter table public.rdp_rls_on enable row level security;
create policy rdp_read on public.rdp_rls_on for select to anon using (id > 0);
grant select on public.rdp_rls_on to anon;

-- policy-exists-rls-disabled
-- expect: policy-exists-rls-disabled public.pe_off
-- reject: policy-exists-rls-disabled public.pe_on
create table public.pe_off (id int primary key, owner uuid);
create policy pe_owner on public.pe_off for select to authenticated using (owner = (select auth.uid()));
create table public.pe_on (id int primary key, owner uuid);
alter table public.pe_on enable row level security;
create policy pe_owner on public.pe_on for select to authenticated using (owner = (select auth.uid()));

-- rls-enabled-no-policy: deny-all with nothing granted is deliberate
-- expect: rls-enabled-no-policy public.ren_granted
-- reject: rls-enabled-no-policy public.ren_locked
create table public.ren_granted (id int primary key);
alter table public.ren_granted enable row level security;
grant select on public.ren_granted to authenticated;
create table public.ren_locked (id int primary key);
alter table public.ren_locked enable row level security;

-- security-definer-view
-- expect: security-definer-view public.sdv_owner
-- reject: security-definer-view public.sdv_invoker
-- reject: security-definer-view hidden.sdv_nousage
create view public.sdv_owner as select id from public.rdp_private;
grant select on public.sdv_owner to anon;
create view public.sdv_invoker with (security_invoker = yes) as select id from public.rdp_private;
grant select on public.sdv_invoker to anon;
create view hidden.sdv_nousage as select id from public.rdp_private;
grant select on hidden.sdv_nousage to anon;

-- auth-users-exposed
-- expect: auth-users-exposed public.aue_users
-- reject: auth-users-exposed public.aue_private
-- reject: auth-users-exposed hidden.aue_nousage
create view public.aue_users as select id, email from auth.users;
grant select on public.aue_users to anon;
create view public.aue_private as select id, email from auth.users;
create view hidden.aue_nousage as select id, email from auth.users;
grant select on hidden.aue_nousage to anon;

-- function-search-path-mutable
-- expect: function-search-path-mutable public.fsp_plain()
-- expect: function-search-path-mutable public.fsp_definer()
-- reject: function-search-path-mutable public.fsp_fixed()
create function public.fsp_plain() returns int language sql as $$ select 1 $$;
create function public.fsp_definer() returns int language sql security definer as $$ select 1 $$;
create function public.fsp_fixed() returns int language sql set search_path = pg_catalog, pg_temp as $$ select 1 $$;

-- extension-in-public and extension-versions-outdated
-- expect: extension-in-public citext
-- expect: extension-versions-outdated citext
-- reject: extension-in-public pg_trgm
-- reject: extension-versions-outdated pg_trgm
-- reject: extension-in-public plpgsql
create extension citext with schema public version '1.5';
create schema extensions;
create extension pg_trgm with schema extensions;

-- rls-references-user-metadata
-- expect: rls-references-user-metadata public.um_docs.um_jwt
-- expect: rls-references-user-metadata public.um_docs.um_raw
-- reject: rls-references-user-metadata public.um_docs.um_app
-- reject: rls-references-user-metadata public.um_docs.um_value
create table public.um_docs (id int primary key, kind text);
alter table public.um_docs enable row level security;
create policy um_jwt on public.um_docs for select to authenticated
    using (((select auth.jwt()) -> 'user_metadata' ->> 'role') = 'admin');
create policy um_raw on public.um_docs for select to authenticated
    using (exists (select 1 from auth.users u where u.id = (select auth.uid()) and u.raw_user_meta_data ->> 'admin' = 'true'));
create policy um_app on public.um_docs for select to authenticated
    using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');
create policy um_value on public.um_docs for select to authenticated
    using (((select auth.jwt()) ->> 'sub') is not null and kind = 'user_metadata');

-- materialized-view-in-api
-- expect: materialized-view-in-api public.mv_open
-- reject: materialized-view-in-api public.mv_private
-- reject: materialized-view-in-api hidden.mv_nousage
create materialized view public.mv_open as select 1 as x;
grant select on public.mv_open to anon;
create materialized view public.mv_private as select 1 as x;
create materialized view hidden.mv_nousage as select 1 as x;
grant select on hidden.mv_nousage to anon;

-- foreign-table-in-api
-- expect: foreign-table-in-api public.ft_open
-- reject: foreign-table-in-api public.ft_private
create extension file_fdw with schema extensions;
create server ft_files foreign data wrapper file_fdw;
create foreign table public.ft_open (line text) server ft_files options (filename '/dev/null');
grant select on public.ft_open to anon;
create foreign table public.ft_private (line text) server ft_files options (filename '/dev/null');

-- unsupported-reg-types: regclass survives pg_upgrade; arrays of the bad types do not
-- expect: unsupported-reg-types public.urt_t.fn
-- expect: unsupported-reg-types public.urt_t.ops
-- reject: unsupported-reg-types public.urt_t.rel
create table public.urt_t (id int primary key, fn regproc, ops regoper[], rel regclass);

-- insecure-queue-exposed-in-api (pgmq_public is exposed in the configuration)
-- expect: insecure-queue-exposed-in-api pgmq.q_jobs
-- reject: insecure-queue-exposed-in-api pgmq.q_safe
-- reject: insecure-queue-exposed-in-api pgmq.a_jobs
create schema pgmq;
create schema pgmq_public;
grant usage on schema pgmq to anon;
create table pgmq.q_jobs (msg_id bigint primary key, message jsonb);
create table pgmq.q_safe (msg_id bigint primary key, message jsonb);
alter table pgmq.q_safe enable row level security;
create table pgmq.a_jobs (msg_id bigint primary key, message jsonb);
grant select on pgmq.q_jobs, pgmq.q_safe, pgmq.a_jobs to anon;

-- fkey-to-auth-unique
-- expect: fkey-to-auth-unique public.fau_by_email.fau_by_email_fk
-- reject: fkey-to-auth-unique public.fau_by_id.fau_by_id_fk
create table public.fau_by_email (id int primary key, email text constraint fau_by_email_fk references auth.users (email));
create index on public.fau_by_email (email);
create table public.fau_by_id (id int primary key, user_id uuid constraint fau_by_id_fk references auth.users (id));
create index on public.fau_by_id (user_id);

-- sensitive-columns-exposed: checked per column
-- expect: sensitive-columns-exposed public.sc_accounts
-- reject: sensitive-columns-exposed public.sc_colgrant
-- reject: sensitive-columns-exposed hidden.sc_nousage
create table public.sc_accounts (id int primary key, email text, password text);
grant select on public.sc_accounts to anon;
create table public.sc_colgrant (id int primary key, api_key text);
grant select (id) on public.sc_colgrant to anon;
create table hidden.sc_nousage (id int primary key, password text);
grant select on hidden.sc_nousage to anon;

-- rls-policy-always-true: SELECT using (true) is deliberate; restrictive and service_role policies do not open rows
-- expect: rls-policy-always-true public.pat_t.pat_update
-- expect: rls-policy-always-true public.pat_t.pat_insert_tautology
-- reject: rls-policy-always-true public.pat_t.pat_select_true
-- reject: rls-policy-always-true public.pat_t.pat_restrictive
-- reject: rls-policy-always-true public.pat_t.pat_service
-- reject: rls-policy-always-true public.pat_t.pat_owner
create table public.pat_t (id int primary key, owner uuid);
alter table public.pat_t enable row level security;
create policy pat_update on public.pat_t for update to authenticated using (true) with check (true);
create policy pat_insert_tautology on public.pat_t for insert to anon with check ('a' = 'a');
create policy pat_select_true on public.pat_t for select using (true);
create policy pat_restrictive on public.pat_t as restrictive for delete to authenticated using (true);
create policy pat_service on public.pat_t for delete to service_role using (true);
create policy pat_owner on public.pat_t for delete to authenticated using (owner = (select auth.uid()));

-- public-bucket-allows-listing (a storage schema shaped like Supabase's)
-- expect: public-bucket-allows-listing storage.buckets.avatars
-- reject: public-bucket-allows-listing storage.buckets.docs
-- reject: public-bucket-allows-listing storage.buckets.private
create schema storage;
create table storage.buckets (id text primary key, name text not null, public boolean not null default false);
create table storage.objects (id uuid primary key, bucket_id text references storage.buckets (id), name text, owner uuid);
alter table storage.objects enable row level security;
insert into storage.buckets values ('avatars', 'avatars', true), ('docs', 'docs', true), ('private', 'private', false);
create policy "list avatars" on storage.objects for select to anon using (bucket_id = 'avatars');
create policy "own docs" on storage.objects for select to authenticated
    using (bucket_id = 'docs' and owner = (select auth.uid()));
create policy "list private" on storage.objects for select to authenticated using (bucket_id = 'private');

-- pg-graphql-*-table-exposed (graphql: on in the configuration)
-- expect: pg-graphql-anon-table-exposed public.rdp_open
-- expect: pg-graphql-authenticated-table-exposed public.ren_granted
-- reject: pg-graphql-anon-table-exposed hidden.rdp_nousage
-- reject: pg-graphql-anon-table-exposed public.ren_granted
-- reject: pg-graphql-authenticated-table-exposed public.rdp_private

-- {anon,authenticated}-security-definer-function-executable: trigger functions cannot be called through the API
-- expect: anon-security-definer-function-executable public.fsp_definer()
-- expect: authenticated-security-definer-function-executable public.sdf_auth_only()
-- reject: anon-security-definer-function-executable public.sdf_auth_only()
-- reject: anon-security-definer-function-executable public.sdf_trigger()
-- reject: anon-security-definer-function-executable public.sdf_revoked()
-- reject: authenticated-security-definer-function-executable public.sdf_trigger()
create function public.sdf_auth_only() returns int language sql security definer set search_path = '' as $$ select 1 $$;
revoke execute on function public.sdf_auth_only() from public;
grant execute on function public.sdf_auth_only() to authenticated;
create function public.sdf_trigger() returns trigger language plpgsql security definer set search_path = ''
    as $$ begin return new; end $$;
create function public.sdf_revoked() returns int language sql security definer set search_path = '' as $$ select 1 $$;
revoke execute on function public.sdf_revoked() from public;

-- unindexed-foreign-keys: a partial index does not serve every lookup; column order within the leading keys does not matter
-- expect: unindexed-foreign-keys public.ufk_none.ufk_none_fk
-- expect: unindexed-foreign-keys public.ufk_partial.ufk_partial_fk
-- reject: unindexed-foreign-keys public.ufk_reordered.ufk_reordered_fk
-- reject: unindexed-foreign-keys public.ufk_indexed.ufk_indexed_fk
create table public.ufk_parent (id int primary key, a int, b int, unique (a, b));
create table public.ufk_none (id int primary key, parent_id int constraint ufk_none_fk references public.ufk_parent);
create table public.ufk_partial (id int primary key, parent_id int constraint ufk_partial_fk references public.ufk_parent);
create index ufk_partial_idx on public.ufk_partial (parent_id) where parent_id > 100;
create table public.ufk_reordered (id int primary key, a int, b int,
    constraint ufk_reordered_fk foreign key (a, b) references public.ufk_parent (a, b));
create index ufk_reordered_idx on public.ufk_reordered (b, a);
create table public.ufk_indexed (id int primary key, parent_id int constraint ufk_indexed_fk references public.ufk_parent);
create index ufk_indexed_idx on public.ufk_indexed (parent_id);

-- auth-rls-initplan: judged on the parsed expression, wrappers followed
-- expect: auth-rls-initplan public.ip_t.ip_direct
-- expect: auth-rls-initplan public.ip_t.ip_wrapper
-- expect: auth-rls-initplan public.ip_t.ip_exists
-- reject: auth-rls-initplan public.ip_t.ip_wrapped
-- reject: auth-rls-initplan public.ip_t.ip_wrapped_jwt
-- reject: auth-rls-initplan public.ip_t.ip_argument
-- reject: auth-rls-initplan public.ip_t.ip_string
create table public.ip_members (uid uuid primary key);
create table public.ip_t (id int primary key, owner uuid, note text);
alter table public.ip_t enable row level security;
create function public.current_user_id() returns uuid language sql stable set search_path = '' as $$ select auth.uid() $$;
create function public.is_member(p_id int) returns boolean language sql stable set search_path = ''
    as $$ select exists (select 1 from public.ip_members where uid = auth.uid()) and p_id > 0 $$;
create policy ip_direct on public.ip_t for select to authenticated using (owner = auth.uid());
create policy ip_wrapper on public.ip_t for select to authenticated using (owner = public.current_user_id());
create policy ip_exists on public.ip_t for select to authenticated
    using (exists (select 1 from public.ip_members m where m.uid = auth.uid()));
create policy ip_wrapped on public.ip_t for select to authenticated using (owner = (select auth.uid()));
create policy ip_wrapped_jwt on public.ip_t for select to authenticated using (((select auth.jwt()) ->> 'role') = 'admin');
create policy ip_argument on public.ip_t for select to authenticated using (public.is_member(id));
create policy ip_string on public.ip_t for select to authenticated using (note = 'auth.uid()');

-- no-primary-key: a partitioned table is judged at the parent, its partitions through it
-- expect: no-primary-key public.npk_t
-- expect: no-primary-key public.npk_parted
-- reject: no-primary-key public.npk_parted_1
-- reject: no-primary-key public.npk_keyed_1
create table public.npk_t (a int);
create table public.npk_parted (id int, k int) partition by list (k);
create table public.npk_parted_1 partition of public.npk_parted for values in (1);
create table public.npk_keyed (id int, k int, primary key (id, k)) partition by list (k);
create table public.npk_keyed_1 partition of public.npk_keyed for values in (1);

-- unused-index: an index behind an exclusion constraint enforces it even when no query scans it
-- expect: unused-index public.ui_t.ui_t_b_idx
-- reject: unused-index public.ui_t.ui_t_c_key
-- reject: unused-index public.ui_t.ui_t_excl
create table public.ui_t (id int primary key, b int, c int, d int, constraint ui_t_c_key unique (c),
    constraint ui_t_excl exclude using btree (d with =));
create index ui_t_b_idx on public.ui_t (b);

-- multiple-permissive-policies: a restrictive policy is not one more permissive one
-- expect: multiple-permissive-policies public.mpp_t
-- reject: multiple-permissive-policies public.mpp_restrictive
-- reject: multiple-permissive-policies public.mpp_commands
create table public.mpp_t (id int primary key, owner uuid, shared boolean);
alter table public.mpp_t enable row level security;
create policy mpp_own on public.mpp_t for select to authenticated using (owner = (select auth.uid()));
create policy mpp_shared on public.mpp_t for select to authenticated using (shared);
create table public.mpp_restrictive (id int primary key, owner uuid);
alter table public.mpp_restrictive enable row level security;
create policy mpp_r_own on public.mpp_restrictive for select to authenticated using (owner = (select auth.uid()));
create policy mpp_r_limit on public.mpp_restrictive as restrictive for select to authenticated using (id > 0);
create table public.mpp_commands (id int primary key, owner uuid);
alter table public.mpp_commands enable row level security;
create policy mpp_c_read on public.mpp_commands for select to authenticated using (owner = (select auth.uid()));
create policy mpp_c_write on public.mpp_commands for insert to authenticated with check (owner = (select auth.uid()));

-- duplicate-index: a plain index beside a unique one on the same key is a duplicate; a different predicate or order is not
-- expect: duplicate-index public.di_t
-- expect: duplicate-index public.di_u
-- reject: duplicate-index public.di_pred
-- reject: duplicate-index public.di_desc
create table public.di_t (id int primary key, a int);
create index di_t_a1 on public.di_t (a);
create index di_t_a2 on public.di_t (a);
create table public.di_u (id int primary key, a int constraint di_u_a_key unique);
create index di_u_a_idx on public.di_u (a);
create table public.di_pred (id int primary key, a int);
create index di_pred_all on public.di_pred (a);
create index di_pred_positive on public.di_pred (a) where a > 0;
create table public.di_desc (id int primary key, a int);
create index di_desc_asc on public.di_desc (a);
create index di_desc_desc on public.di_desc (a desc);

-- prefix-redundant-index: only a non-enforcing index with the same predicate is covered
-- expect: prefix-redundant-index public.pr_t.pr_t_a_idx
-- reject: prefix-redundant-index public.pr_t.pr_t_b_idx
-- reject: prefix-redundant-index public.pr_t.pr_t_a_key
-- reject: prefix-redundant-index public.pr_t.pr_t_a_partial
create table public.pr_t (id int primary key, a int, b int, constraint pr_t_a_key unique (a));
create index pr_t_a_idx on public.pr_t (a);
create index pr_t_ab_idx on public.pr_t (a, b);
create index pr_t_b_idx on public.pr_t (b);
create index pr_t_a_partial on public.pr_t (a) where b > 0;

-- table-bloat: nine rows in ten deleted and not vacuumed, against a table loaded once
-- expect: table-bloat public.tb_bloated
-- reject: table-bloat public.tb_fresh
create table public.tb_bloated (id int primary key, filler text) with (autovacuum_enabled = false);
insert into public.tb_bloated select g, repeat('x', 200) from generate_series(1, 20000) g;
delete from public.tb_bloated where id % 10 <> 0;
analyze public.tb_bloated;
create table public.tb_fresh (id int primary key, filler text) with (autovacuum_enabled = false);
insert into public.tb_fresh select g, repeat('x', 200) from generate_series(1, 20000) g;
analyze public.tb_fresh;

-- invalid-index (as a failed CREATE INDEX CONCURRENTLY leaves it; needs a superuser)
-- expect: invalid-index public.ii_t_a_idx
-- reject: invalid-index public.ii_t_b_idx
create table public.ii_t (id int primary key, a int, b int);
create index ii_t_a_idx on public.ii_t (a);
create index ii_t_b_idx on public.ii_t (b);
update pg_index set indisvalid = false where indexrelid = 'public.ii_t_a_idx'::regclass;

-- not-valid-constraint
-- expect: not-valid-constraint public.nv_t.nv_t_positive
-- expect: not-valid-constraint public.nv_t.nv_t_parent_fk
-- reject: not-valid-constraint public.nv_t.nv_t_checked
create table public.nv_t (id int primary key, a int, parent_id int);
create index on public.nv_t (parent_id);
alter table public.nv_t add constraint nv_t_positive check (a > 0) not valid;
alter table public.nv_t add constraint nv_t_parent_fk foreign key (parent_id) references public.nv_t (id) not valid;
alter table public.nv_t add constraint nv_t_checked check (a < 1000);

-- auth-allow-anonymous-sign-ins (the negative, auth.users with no anonymous user, is in AdvisorsTest: one database
-- has only one auth.users)
-- expect: auth-allow-anonymous-sign-ins auth.users
insert into auth.users (id, email, is_anonymous) values ('00000000-0000-0000-0000-000000000001', 'anon@example.com', true);

-- sequence-near-limit: a bigint sequence behind an integer column overflows at the column's limit
-- expect: sequence-near-limit public.snl_small
-- expect: sequence-near-limit public.snl_int_seq
-- reject: sequence-near-limit public.snl_big_seq
-- reject: sequence-near-limit public.snl_fresh
create sequence public.snl_small maxvalue 100;
select setval('public.snl_small', 95);
create sequence public.snl_int_seq as bigint;
create table public.snl_int (id int primary key default nextval('public.snl_int_seq'));
select setval('public.snl_int_seq', 2000000000);
create sequence public.snl_big_seq as bigint;
create table public.snl_big (id bigint primary key default nextval('public.snl_big_seq'));
select setval('public.snl_big_seq', 2000000000);
create sequence public.snl_fresh maxvalue 100;
