-- HypoPG's size estimate of a hypothetical index, from the table's statistics (HypoPG in the schema %1$s).
select %1$s.hypopg_relation_size(?)
