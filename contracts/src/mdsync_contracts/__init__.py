"""mdsync event contract v1."""
