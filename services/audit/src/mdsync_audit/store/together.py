"""Run independent writes concurrently without hiding their errors in an ExceptionGroup."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from mdsync_runtime.errors import INFRASTRUCTURE_ERRORS


async def together(*writes: Awaitable[None]) -> None:
    """Await every write concurrently; then re-raise one failure as itself.

    The runtime decides retry, wait or dead-letter by the exception's type, so an unreachable store must
    surface as ``ConnectionFailure`` (preferred when several writes failed), not inside a group.
    """
    results = await asyncio.gather(*writes, return_exceptions=True)
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        raise next((f for f in failures if isinstance(f, INFRASTRUCTURE_ERRORS)), failures[0])
