"""Local processes with a pid file and a log file under the state directory; stopped by pid only."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


def state_dir() -> Path:
    """Where logs, pids and traces live: ``$MDSYNC_STATE_DIR`` or ``.devstack`` in the current checkout."""
    return Path(os.environ.get("MDSYNC_STATE_DIR", Path.cwd() / ".devstack")).resolve()


@dataclass(frozen=True)
class ManagedProcess:
    """A named background process whose pid and output are kept in the state directory."""

    name: str
    command: list[str]
    root: Path

    @property
    def pid_path(self) -> Path:
        """File holding the pid."""
        return self.root / "pids" / f"{self.name}.pid"

    @property
    def log_path(self) -> Path:
        """File receiving stdout and stderr."""
        return self.root / "logs" / f"{self.name}.log"

    def pid(self) -> int | None:
        """The pid when the process is alive, else None (a stale pid file is removed)."""
        try:
            pid = int(self.pid_path.read_text().strip())
            os.kill(pid, 0)
        except (FileNotFoundError, ValueError, ProcessLookupError):
            self.pid_path.unlink(missing_ok=True)
            return None
        except PermissionError:
            return pid
        return pid

    def start(self, env: dict[str, str]) -> int:
        """Start the process detached from this terminal; return its pid."""
        self.pid_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            child = subprocess.Popen(
                self.command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        self.pid_path.write_text(str(child.pid))
        return child.pid

    def stop(self, grace_seconds: float = 10.0) -> bool:
        """SIGTERM, then SIGKILL after the grace period; True if a process was stopped."""
        pid = self.pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        self.pid_path.unlink(missing_ok=True)
        return True


def _alive(pid: int) -> bool:
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        finished = 0
    if finished == pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
