"""A fault-injecting HTTP proxy in front of moto: a share of Glue calls answered with throttling or CAS errors.

moto has no fault injection, so the glue-writer's endpoint points here; everything not faulted is forwarded as is.
"""

from __future__ import annotations

import asyncio
import json
import random
import socket
import threading
from collections import Counter
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

# Writes a concurrent writer could collide on; throttling hits any call.
CAS_OPERATIONS = frozenset({"CreateTable", "UpdateTable", "CreateDatabase", "UpdateDatabase"})
# The glue-writer re-reads and retries a write 3 times after a ConcurrentModificationException (cas_retries), then
# reports a conflict. The storm stays within that budget per object; beyond it the conflict is the designed answer.
MAX_CAS_STREAK = 3
HOP_HEADERS = frozenset({"host", "content-length", "transfer-encoding", "connection", "content-encoding"})


@dataclass
class GlueFaultProxy:
    """Forwards to ``target``; while ``storming``, answers ``share`` of calls with an AWS JSON error instead."""

    target: str
    share: float = 0.3
    seed: int = 7
    storming: bool = True
    cas_operations: frozenset[str] = CAS_OPERATIONS
    cas_share: float = 0.5
    throttle: bool = True
    injected: Counter[str] = field(default_factory=Counter)
    forwarded: int = 0
    cas_streak: Counter[str] = field(default_factory=Counter)
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

    def fault_for(self, operation: str, target: str, draw: float, pick: float) -> str | None:
        """The error to answer a call on ``target`` with, or None to forward it (the draws come from the caller).

        A faulted call (``draw < share``) of a CAS operation is a ConcurrentModificationException when
        ``pick < cas_share`` and the object's streak allows one more, else throttled (when ``throttle``).
        """
        faulted = self.storming and draw < self.share
        if operation in self.cas_operations:
            if faulted and pick < self.cas_share and self.cas_streak[target] < MAX_CAS_STREAK:
                self.cas_streak[target] += 1
                return "ConcurrentModificationException"
            if not (faulted and self.throttle):
                self.cas_streak[target] = 0  # this write goes through
                return None
            return "ThrottlingException"
        return "ThrottlingException" if faulted and self.throttle else None

    def _serve(self, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        rng = random.Random(self.seed)
        session: aiohttp.ClientSession | None = None

        async def handle(request: web.Request) -> web.StreamResponse:
            nonlocal session
            session = session or aiohttp.ClientSession()
            operation = request.headers.get("X-Amz-Target", "").rsplit(".", 1)[-1]
            body = await request.read()
            fault = self.fault_for(operation, _target(body), rng.random(), rng.random())
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


def _target(body: bytes) -> str:
    """The database or table a Glue call is about (``db.table``), from its JSON body; "" when it names none."""
    try:
        call = json.loads(body or b"{}")
    except ValueError:
        return ""
    database = call.get("DatabaseName") or call.get("DatabaseInput", {}).get("Name") or call.get("Name", "")
    table = call.get("TableInput", {}).get("Name") or call.get("TableName", "")
    return f"{database}.{table}"
