"""Run the glue-writer service: `python -m mdsync_glue_writer`."""

from mdsync_glue_writer.main import run

run()
