"""Fault injection rules: per path pattern, method and client; count-limited or standing until cleared."""

from __future__ import annotations

import itertools
from enum import StrEnum
from fnmatch import fnmatchcase

from pydantic import BaseModel, ConfigDict, Field


class FaultKind(StrEnum):
    """What an injected fault does to a matching request."""

    TOKEN_EXPIRED = "token_expired"  # 401 and the presented token stops working, as on real expiry
    RATE_LIMITED = "rate_limited"  # 429 with Retry-After
    HTML_LOGIN = "html_login"  # 200 text/html login page (SSO/proxy layer)
    INACTIVE_ACCOUNT = "inactive_account"  # 200 text "Please contact your system administrator…"
    SERVER_ERROR = "server_error"  # 5xx with a details body
    LATENCY = "latency"  # delay, then answer normally

    @property
    def terminal(self) -> bool:
        """True when the fault replaces the response (all but latency)."""
        return self is not FaultKind.LATENCY


class FaultRule(BaseModel):
    """A fault to inject: which requests it matches, how often, and its parameters."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: FaultKind
    path: str = Field(default="*", description="Glob over the request path; `*` also matches `/`.")
    method: str | None = Field(default=None, description="Only this HTTP method (any when absent).")
    client_id: str | None = Field(default=None, description="Only requests of this OAuth client.")
    count: int | None = Field(default=None, ge=1, description="Fire this many times, then retire; absent = always.")
    skip: int = Field(default=0, ge=0, description="Let this many matching requests through first.")
    status: int = Field(default=500, ge=500, le=599, description="Status of a server_error.")
    retry_after: int = Field(default=1, ge=0, description="Retry-After seconds of a rate_limited fault.")
    latency_ms: int = Field(default=0, ge=0, le=600_000, description="Delay of a latency fault.")

    def matches(self, method: str, path: str, client_id: str | None) -> bool:
        """True when this rule applies to the request."""
        return (
            (self.method is None or self.method.upper() == method.upper())
            and (self.client_id is None or self.client_id == client_id)
            and fnmatchcase(path, self.path)
        )


class ActiveFault(BaseModel):
    """A rule in force with its counters."""

    id: int
    rule: FaultRule
    seen: int = 0
    fired: int = 0


class FaultBook:
    """The rules in force, in the order they were added."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._active: dict[int, ActiveFault] = {}

    def add(self, rule: FaultRule) -> ActiveFault:
        """Put a rule in force."""
        fault = ActiveFault(id=next(self._ids), rule=rule)
        self._active[fault.id] = fault
        return fault

    def active(self) -> list[ActiveFault]:
        """Rules in force."""
        return list(self._active.values())

    def remove(self, fault_id: int) -> bool:
        """Retire one rule; False when unknown."""
        return self._active.pop(fault_id, None) is not None

    def clear(self) -> None:
        """Retire every rule."""
        self._active.clear()

    def take(self, method: str, path: str, client_id: str | None) -> list[FaultRule]:
        """Rules firing for this request: every latency rule plus at most one terminal rule, first added wins."""
        firing: list[FaultRule] = []
        terminal_taken = False
        for fault in list(self._active.values()):
            if (fault.rule.kind.terminal and terminal_taken) or not fault.rule.matches(method, path, client_id):
                continue
            fault.seen += 1
            if fault.seen <= fault.rule.skip:
                continue
            fault.fired += 1
            terminal_taken = terminal_taken or fault.rule.kind.terminal
            firing.append(fault.rule)
            if fault.rule.count is not None and fault.fired >= fault.rule.count:
                del self._active[fault.id]
        return firing
