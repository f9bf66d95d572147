"""mdsync_cli."""
