"""Detached processes recorded in pid files; found and stopped by pid only, never by name."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

# Popen objects of children started by this interpreter: kept so they are reaped (no zombies) and not
# reported as "still running" when garbage-collected.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class PidRecord:
    """What a pid file holds: the pid, its start time (to detect pid reuse) and the launch fingerprint."""

    pid: int
    started: str
    fingerprint: str

    def render(self) -> str:
        """The pid file text; the first line is the bare pid, for people and shell tools."""
        return f"{self.pid}\n{self.started}\n{self.fingerprint}\n"

    @classmethod
    def parse(cls, text: str) -> PidRecord | None:
        """Read a pid file's text; None when it is not one of ours."""
        lines = text.splitlines()
        if not lines or not lines[0].strip().isdigit():
            return None
        rest = [*lines[1:], "", ""]
        return cls(int(lines[0]), rest[0].strip(), rest[1].strip())


def start_time(pid: int) -> str:
    """The process start time in clock ticks since boot (Linux ``/proc``), or "" where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def _defunct(pid: int) -> bool:
    """A zombie that has released everything: state Z with no thread left but the leader.

    A multi-threaded process shows Z for its leader while other threads still exit and still hold its
    sockets, so Z alone does not mean its ports are free yet.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        threads = len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] == "Z" and threads <= 1


def alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (a fully exited zombie counts as gone)."""
    child = _CHILDREN.get(pid)
    if child is not None:
        return child.poll() is None  # reaps it once every thread has exited
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _defunct(pid)


def exit_code(pid: int) -> int | None:
    """Exit code of a child started by this interpreter that has finished, else None."""
    child = _CHILDREN.get(pid)
    return None if child is None else child.poll()


def read_record(pid_file: Path) -> PidRecord | None:
    """The record of a live process started by the devstack; a stale pid file is removed."""
    try:
        record = PidRecord.parse(pid_file.read_text())
    except FileNotFoundError:
        return None
    if record is None or not alive(record.pid) or (record.started and start_time(record.pid) != record.started):
        pid_file.unlink(missing_ok=True)
        return None
    return record


def spawn(argv: list[str], env: dict[str, str], cwd: Path, log_file: Path) -> int:
    """Start ``argv`` in its own session with output appended to ``log_file``; return the pid."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        child = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
    _CHILDREN[child.pid] = child
    return child.pid


def write_record(pid_file: Path, pid: int, fingerprint: str) -> PidRecord:
    """Record a started process in its pid file."""
    record = PidRecord(pid, start_time(pid), fingerprint)
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(record.render())
    return record


def terminate(pid: int, grace_seconds: float) -> None:
    """SIGTERM the process (and its session's group), then SIGKILL it after ``grace_seconds``."""
    _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if alive(pid):
        _signal(pid, signal.SIGKILL)
        while alive(pid) and time.monotonic() < deadline + 5:
            time.sleep(0.1)
    _CHILDREN.pop(pid, None)


def kill(pid: int, wait_seconds: float = 5.0) -> None:
    """SIGKILL the process (and its session's group) at once, as a crash would; wait until it is gone."""
    _signal(pid, signal.SIGKILL)
    deadline = time.monotonic() + wait_seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    _CHILDREN.pop(pid, None)


def _signal(pid: int, signum: signal.Signals) -> None:
    try:
        # Started with start_new_session, so the group id is the pid: this also reaches helpers it forked.
        if os.getpgid(pid) == pid:
            os.killpg(pid, signum)
        else:
            os.kill(pid, signum)
    except ProcessLookupError:
        pass
