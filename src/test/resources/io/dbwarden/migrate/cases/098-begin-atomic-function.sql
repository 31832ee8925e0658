-- expect: safe
-- rules: none
-- why: A SQL-standard function body contains semicolons; it is one statement.
-- setup:
-- (nothing)
-- migration:
create function add_tax(amount numeric) returns numeric
  language sql immutable
begin atomic
  select amount * 1.19;
end;
select add_tax(10);
