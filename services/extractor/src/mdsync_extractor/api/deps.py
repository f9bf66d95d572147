"""How routes reach the running extractor."""

from __future__ import annotations

from fastapi import HTTPException, Request

from mdsync_extractor.composition import STATE_KEY, Extractor


def extractor(request: Request) -> Extractor:
    """The extractor composed at start-up (503 while it is starting)."""
    runtime = getattr(request.app.state, "runtime", None)
    found = runtime.state.get(STATE_KEY) if runtime is not None else None
    if not isinstance(found, Extractor):
        raise HTTPException(status_code=503, detail="the extractor is still starting")
    return found
