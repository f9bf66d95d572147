"""The HTTP face of every service: /healthz, /readyz and the service's own routes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

from mdsync_runtime.auth import Authenticator, AuthSettings
from mdsync_runtime.http_guards import Guards, HttpSettings
from mdsync_runtime.metrics import exposition

ReadinessCheck = Callable[[FastAPI], Awaitable[dict[str, bool]]]
Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def create_app(
    service: str,
    lifespan: Lifespan,
    readiness: ReadinessCheck,
    auth: AuthSettings | None = None,
    limits: HttpSettings | None = None,
) -> FastAPI:
    """A FastAPI app with open liveness and readiness endpoints, guarded, authenticating and traced."""
    app = FastAPI(title=f"mdsync {service}", lifespan=lifespan)
    app.state.authenticator = Authenticator(auth or AuthSettings())
    app.add_middleware(Guards, settings=limits or HttpSettings())

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        """Liveness: the process serves HTTP."""
        return {"status": "ok", "service": service}

    @app.get("/readyz", tags=["health"])
    async def readyz(request: Request) -> JSONResponse:
        """Readiness: every dependency answers."""
        checks = await readiness(request.app)
        ready = all(checks.values())
        body = {"status": "ready" if ready else "not-ready", "service": service, "checks": checks}
        return JSONResponse(body, status_code=200 if ready else 503)

    @app.get("/metrics", tags=["health"], include_in_schema=False)
    async def metrics() -> Response:
        """Prometheus exposition of this process's metrics; unauthenticated like /healthz (counts only, no data)."""
        body, content_type = exposition()
        return Response(body, media_type=content_type)

    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz,metrics")
    return app


def serve(app: FastAPI, host: str, port: int) -> None:
    """Run ``app`` until interrupted; logging is already configured as JSON."""
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)
