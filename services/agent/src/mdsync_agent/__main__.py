"""Run the agent service: `python -m mdsync_agent`."""

from mdsync_agent.main import run

run()
