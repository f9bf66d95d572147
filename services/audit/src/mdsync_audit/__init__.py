"""mdsync audit service."""
