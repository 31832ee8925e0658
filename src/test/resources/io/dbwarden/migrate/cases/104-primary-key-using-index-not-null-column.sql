-- expect: safe
-- rules: none
-- absent: primary-key-implicit-not-null-scan, primary-key-blocking-index-build
-- why: The column is already NOT NULL and the unique index is built concurrently: ADD PRIMARY KEY USING INDEX is instant.
-- setup:
create table devices (id bigint not null, label text);
insert into devices select g, 'd' || g from generate_series(1, 3000) g;
analyze devices;
-- migration:
set lock_timeout = '2s';
create unique index concurrently devices_id_key on devices (id);
alter table devices add constraint devices_pkey primary key using index devices_id_key;
