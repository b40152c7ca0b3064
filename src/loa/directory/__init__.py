"""Directory: the organisations a province's dispatches address, and matching their names."""
