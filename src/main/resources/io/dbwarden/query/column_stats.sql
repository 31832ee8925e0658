-- The planner's statistics for one column of one table visible on the search path (or in the named schema): its
-- most common values and their frequencies, the histogram bounds, and n_distinct, as text, to pick representative
-- parameter values for a normalized query ($1, $2, ...).
select s.schemaname, s.tablename,
       s.most_common_vals::text as mcv, s.most_common_freqs::text as mcf, s.histogram_bounds::text as histogram,
       s.n_distinct, s.null_frac
from pg_stats s
where s.attname = ?
  and s.tablename = ?
  and (s.schemaname = ? or (? is null and s.schemaname = any (current_schemas(false))))
order by array_position(current_schemas(false), s.schemaname::name)
limit 1
