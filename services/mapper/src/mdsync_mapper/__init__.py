"""mdsync_mapper."""
