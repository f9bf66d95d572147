"""Messages on the jobs topics (filled in by the contracts work)."""
