// Bodies over time as a picture: every merger, renaming and split between Body nodes
MATCH p = (:Body)-[:MERGED_INTO|SUCCEEDED_BY]->(:Body)
RETURN p
