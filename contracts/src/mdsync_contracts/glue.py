"""Messages on the glue topics (filled in by the contracts work)."""
