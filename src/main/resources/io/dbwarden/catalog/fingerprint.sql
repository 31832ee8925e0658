-- A cheap fingerprint of the schema: any DDL inserts, updates or deletes rows in these catalogs, which changes
-- their row counts or the sum of their xmins. One pass over a few catalogs; no user table is touched.
select concat_ws(':',
  (select count(*) || '/' || sum(xmin::text::bigint) from pg_class),
  (select count(*) || '/' || sum(xmin::text::bigint) from pg_attribute where attnum > 0),
  (select count(*) || '/' || sum(xmin::text::bigint) from pg_constraint),
  (select count(*) || '/' || sum(xmin::text::bigint) from pg_proc),
  (select count(*) || '/' || sum(xmin::text::bigint) from pg_type),
  (select count(*) || '/' || sum(xmin::text::bigint) from pg_namespace),
  (select count(*) || '/' || sum(xmin::text::bigint) from pg_policy),
  (select count(*) || '/' || sum(xmin::text::bigint) from pg_trigger),
  (select count(*) || '/' || sum(xmin::text::bigint) from pg_description),
  (select count(*) || '/' || sum(xmin::text::bigint) from pg_extension),
  (select count(*) || '/' || sum(xmin::text::bigint) from pg_enum)) as fingerprint
