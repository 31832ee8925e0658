-- Creates a hypothetical index (HypoPG, in the schema %1$s) from a CREATE INDEX statement; only this session's planner sees it.
select indexrelid from %1$s.hypopg_create_index(?)
