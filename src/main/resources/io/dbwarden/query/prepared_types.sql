-- The parameter types PostgreSQL inferred for a statement this session prepared, to bind values of the right type.
select parameter_types::text[] from pg_prepared_statements where name = ?
