"""Messages on the assets topics (filled in by the contracts work)."""
