"""The graph: the domain model, ids, bodies and their history, the registry, and the stores
that hold them (the embedded store and Neo4j, behind one protocol: `store.GraphStore`)."""
