"""Run the audit service: `python -m mdsync_audit`."""

from mdsync_audit.main import run

run()
