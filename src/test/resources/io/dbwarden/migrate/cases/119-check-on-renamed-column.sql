-- expect: fails
-- rules: check-violation-existing-rows
-- why: The probe must read the renamed column under its old name on the target; existing rows violate the CHECK.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users rename column name to display_name;
alter table users add constraint users_display_name_short check (char_length(display_name) < 6) not valid;
alter table users validate constraint users_display_name_short;
