"""An app served over real HTTP on a free port: in this event loop, or in a thread of its own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from mdsync_runtime.local_servers import serving, serving_in_thread


def hello() -> FastAPI:
    app = FastAPI()

    @app.get("/hello")
    def answer() -> dict[str, str]:
        return {"hello": "world"}

    return app


def failing_start() -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        raise RuntimeError("cannot start")
        yield

    return FastAPI(lifespan=lifespan)


async def test_an_app_served_in_the_loop_answers_until_the_block_ends() -> None:
    async with httpx.AsyncClient(timeout=2) as client:
        async with serving(hello()) as url:
            assert (await client.get(f"{url}/hello")).json() == {"hello": "world"}
        with pytest.raises(httpx.ConnectError):
            await client.get(f"{url}/hello")


def test_an_app_served_in_a_thread_answers_blocking_callers() -> None:
    with serving_in_thread(hello()) as url:
        assert httpx.get(f"{url}/hello", timeout=5).json() == {"hello": "world"}
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/hello", timeout=2)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # uvicorn exits its thread
def test_an_app_that_cannot_start_is_an_error_not_a_hang() -> None:
    with pytest.raises(RuntimeError), serving_in_thread(failing_start(), lifespan="on"):
        pass
