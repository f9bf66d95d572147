"""Run the extractor service: `python -m mdsync_extractor`."""

from mdsync_extractor.main import run

run()
