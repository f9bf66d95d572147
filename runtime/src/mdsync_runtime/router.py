"""Which handler takes which message type."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from mdsync_contracts.base import Message


@dataclass(frozen=True)
class Delivery:
    """Where a message came from: its Kafka coordinates."""

    topic: str
    partition: int
    offset: int
    key: str | None


M = TypeVar("M", bound=Message)
Handler = Callable[[Any, Delivery], Awaitable[None]]


class Router:
    """Maps message classes to async handlers ``handler(message, delivery)``."""

    def __init__(self) -> None:
        self._handlers: dict[type[Message], Handler] = {}
        self._extra_topics: set[str] = set()
        self._fallback: Handler | None = None

    def on(self, *models: type[Message]) -> Callable[[Handler], Handler]:
        """Register the decorated handler for ``models``."""

        def register(handler: Handler) -> Handler:
            for model in models:
                self._handlers[model] = handler
            return handler

        return register

    def on_any(self, *topics: str) -> Callable[[Handler], Handler]:
        """Register the decorated handler for every message on ``topics`` without a specific handler."""

        def register(handler: Handler) -> Handler:
            self._fallback = handler
            self._extra_topics.update(topics)
            return handler

        return register

    def subscribe(self, topic: str) -> None:
        """Also consume ``topic`` even for messages without a handler (e.g. to store everything)."""
        self._extra_topics.add(topic)

    def handler_for(self, message: Message) -> Handler | None:
        """The handler registered for ``message``'s class, if any."""
        return self._handlers.get(type(message), self._fallback)

    @property
    def topics(self) -> set[str]:
        """Unprefixed topics this router needs."""
        return {model.TOPIC for model in self._handlers} | self._extra_topics
