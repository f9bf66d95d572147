"""mdsync glue-writer service."""
