"""Item models over the database: ids and precomputed keys, rows fetched lazily."""
