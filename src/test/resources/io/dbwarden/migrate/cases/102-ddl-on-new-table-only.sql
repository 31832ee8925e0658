-- expect: safe
-- rules: none
-- why: Everything targets a table created in the same file: no traffic to block.
-- setup:
-- (nothing)
-- migration:
create table widgets (id bigint primary key, name text);
alter table widgets add column sku text not null;
alter table widgets alter column name set not null;
alter table widgets add constraint widgets_sku_key unique (sku);
alter table widgets alter column id type numeric;
create index widgets_name_idx on widgets (name);
