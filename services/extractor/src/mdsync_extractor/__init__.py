"""mdsync extractor service."""
