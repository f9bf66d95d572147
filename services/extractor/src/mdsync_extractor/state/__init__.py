"""Durable state of the extractor in the document store: jobs, outcomes, last-seen assets, holds, schedules."""

from mdsync_extractor.state.collections import ExtractorState, open_state

__all__ = ["ExtractorState", "open_state"]
