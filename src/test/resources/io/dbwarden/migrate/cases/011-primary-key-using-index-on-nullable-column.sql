-- expect: unsafe
-- rules: primary-key-implicit-not-null-scan
-- why: ADD PRIMARY KEY USING INDEX on a nullable column runs an implicit SET NOT NULL scan.
-- setup:
create table devices (id bigint, label text);
insert into devices select g, 'd' || g from generate_series(1, 3000) g;
analyze devices;
-- migration:
set lock_timeout = '2s';
create unique index concurrently devices_id_key on devices (id);
alter table devices add constraint devices_pkey primary key using index devices_id_key;
