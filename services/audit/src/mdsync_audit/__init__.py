"""mdsync_audit."""
