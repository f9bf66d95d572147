"""mdsync mapper service."""
