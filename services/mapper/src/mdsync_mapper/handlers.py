"""Kafka handlers of the mapper service: decode → core → publish."""

from __future__ import annotations

from mdsync_runtime.router import Router
from mdsync_runtime.service import Runtime


def build_router(runtime: Runtime) -> Router | None:
    """The mapper service's handlers; None while it consumes nothing."""
    return None
