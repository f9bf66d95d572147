"""mdsync_extractor."""
