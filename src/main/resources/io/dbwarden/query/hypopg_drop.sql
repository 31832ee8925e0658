-- Removes one hypothetical index of this session (HypoPG, in the schema %1$s).
select %1$s.hypopg_drop_index(?)
