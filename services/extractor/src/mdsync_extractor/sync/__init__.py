"""One sync job's run: list, read and normalize, diff against last-seen state, publish, advance state."""
