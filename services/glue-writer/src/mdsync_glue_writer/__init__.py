"""mdsync_glue_writer."""
