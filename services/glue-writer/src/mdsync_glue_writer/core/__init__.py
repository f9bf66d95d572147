"""Pure decisions of the glue-writer: validation, diffs, apply decisions, deprecation, results (no I/O)."""
