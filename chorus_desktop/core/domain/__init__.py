"""Plain domain records shared by the use cases, the store and the edges (no I/O, no SQL)."""
