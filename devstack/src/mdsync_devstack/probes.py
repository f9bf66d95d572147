"""Small probes shared by components: is a port open, what did a log say last."""

from __future__ import annotations

import socket
from collections import deque
from pathlib import Path


def tcp_open(host: str, port: int, timeout: float = 0.5) -> bool:
    """Whether something accepts TCP connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def tail(path: Path, lines: int = 12) -> str:
    """The last ``lines`` lines of a text file ("" when it does not exist)."""
    try:
        with path.open(errors="replace") as file:
            return "".join(deque(file, maxlen=lines))
    except FileNotFoundError:
        return ""
