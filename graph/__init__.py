"""The graph: the domain model, bodies, and (later) the stores that hold them."""
