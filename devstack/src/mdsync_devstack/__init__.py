"""mdsync_devstack."""
