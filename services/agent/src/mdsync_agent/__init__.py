"""mdsync agent service."""
