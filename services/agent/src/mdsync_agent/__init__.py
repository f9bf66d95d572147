"""mdsync_agent."""
