"""Run the mapper service: `python -m mdsync_mapper`."""

from mdsync_mapper.main import run

run()
