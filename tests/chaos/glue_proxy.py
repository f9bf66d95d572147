"""A fault-injecting HTTP proxy in front of moto: a share of Glue calls answered with throttling or CAS errors.

moto has no fault injection, so the glue-writer's endpoint points here; everything not faulted is forwarded as is.
"""

from __future__ import annotations

import asyncio
import random
import socket
import threading
from collections import Counter
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

# Writes a concurrent writer could collide on; throttling hits any call.
CAS_OPERATIONS = frozenset({"CreateTable", "UpdateTable", "CreateDatabase", "UpdateDatabase"})
HOP_HEADERS = frozenset({"host", "content-length", "transfer-encoding", "connection", "content-encoding"})


@dataclass
class GlueFaultProxy:
    """Forwards to ``target``; while ``storming``, answers ``share`` of calls with an AWS JSON error instead."""

    target: str
    share: float = 0.3
    seed: int = 7
    storming: bool = True
    injected: Counter[str] = field(default_factory=Counter)
    forwarded: int = 0
    _port: int = 0
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The endpoint to give the glue-writer."""
        return f"http://127.0.0.1:{self._port}"

    def start(self) -> GlueFaultProxy:
        """Serve on a free local port in a thread of its own; return self once it listens."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self._port = int(probe.getsockname()[1])
        ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(ready,), name="glue-fault-proxy", daemon=True)
        self._thread.start()
        assert ready.wait(10), "the Glue fault proxy did not start"
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def fault_for(self, operation: str, draw: float, pick: float) -> str | None:
        """The error to answer a call with, or None to forward it (pure: the draws come from the caller)."""
        if not self.storming or draw >= self.share:
            return None
        if operation in CAS_OPERATIONS and pick < 0.5:
            return "ConcurrentModificationException"
        return "ThrottlingException"

    def _serve(self, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        rng = random.Random(self.seed)
        session: aiohttp.ClientSession | None = None

        async def handle(request: web.Request) -> web.StreamResponse:
            nonlocal session
            session = session or aiohttp.ClientSession()
            operation = request.headers.get("X-Amz-Target", "").rsplit(".", 1)[-1]
            fault = self.fault_for(operation, rng.random(), rng.random())
            body = await request.read()
            if fault is not None:
                self.injected[fault] += 1
                error = {"__type": fault, "message": f"injected by the chaos proxy ({operation})"}
                return web.json_response(error, status=400, content_type="application/x-amz-json-1.1")
            headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_HEADERS}
            async with session.request(request.method, self.target + request.path_qs, headers=headers, data=body) as r:
                payload = await r.read()
                reply = {k: v for k, v in r.headers.items() if k.lower() not in HOP_HEADERS}
            self.forwarded += 1
            return web.Response(status=r.status, body=payload, headers=reply)

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handle)
        runner = web.AppRunner(app, access_log=None)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self._port).start())
        ready.set()
        loop.run_forever()
        if session is not None:
            loop.run_until_complete(session.close())
        loop.run_until_complete(runner.cleanup())
        loop.close()
