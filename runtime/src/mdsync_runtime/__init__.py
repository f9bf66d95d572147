"""mdsync_runtime."""
