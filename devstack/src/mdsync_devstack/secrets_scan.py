"""`make secrets-scan`: no secret may appear in anything a test run wrote — logs, spans, captured test output.

Known secrets are the Datasphere client secrets of every tenant fixture and the devstack's AWS secret key; any
bearer token (a JWT) or private key is a leak wherever it appears.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel

from mdsync_devstack.settings import REPO_ROOT, DevstackSettings

TENANTS = REPO_ROOT / "devstack" / "tenants"
DEVSTACK_AWS_SECRET = "mdsync-devstack-aws-secret-4Zt9"
LEAK_PATTERNS = {
    "bearer token (JWT)": re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}"),
    "private key": re.compile(r"-----BEGIN (?:RSA |EC )?PRIVATE KEY-----"),
}
SCANNED_SUFFIXES = (".log", ".jsonl", ".json", ".txt", ".out")
_ROTATED = re.compile(r"\.log\.\d+$")


class Leak(BaseModel):
    """A secret found in a file (the secret itself is never printed)."""

    path: str
    line: int
    what: str


def known_secrets(tenants: Path = TENANTS) -> dict[str, str]:
    """Secret value → what it is, from every tenant fixture's clients and the devstack's settings."""
    secrets = {DEVSTACK_AWS_SECRET: "devstack AWS secret access key"}
    for tenant_file in tenants.glob("*/tenant.json"):
        for client in json.loads(tenant_file.read_text()).get("clients", []):
            if client.get("client_secret"):
                secrets[client["client_secret"]] = f"client secret of {client.get('client_id', '?')}"
    return secrets


def scan_lines(lines: Iterable[str], path: str, secrets: dict[str, str]) -> Iterator[Leak]:
    """Every line holding a known secret or a leak pattern."""
    for number, line in enumerate(lines, start=1):
        for value, what in secrets.items():
            if value in line:
                yield Leak(path=path, line=number, what=what)
        for what, pattern in LEAK_PATTERNS.items():
            if pattern.search(line):
                yield Leak(path=path, line=number, what=what)


def outputs(state_dir: Path) -> Iterator[Path]:
    """The files a run wrote: logs (rotated too), span files, reports and captured test output."""
    for path in sorted(state_dir.rglob("*")):
        skipped = path.is_relative_to(state_dir / "auth") or path.is_relative_to(state_dir / "cache")
        wanted = path.suffix in SCANNED_SUFFIXES or _ROTATED.search(path.name)
        if path.is_file() and wanted and not skipped and not path.is_relative_to(state_dir / "data"):
            yield path


def scan(state_dir: Path, secrets: dict[str, str]) -> list[Leak]:
    """All leaks in the run's outputs."""
    leaks: list[Leak] = []
    for path in outputs(state_dir):
        with path.open(errors="replace") as lines:
            leaks += scan_lines(lines, str(path.relative_to(state_dir)), secrets)
    return leaks


def main() -> int:
    """Scan the state directory; print each leak by file, line and kind; exit 1 on any."""
    state_dir = DevstackSettings().state_dir.resolve()
    secrets = known_secrets()
    leaks = scan(state_dir, secrets)
    scanned = sum(1 for _ in outputs(state_dir))
    print(f"secrets scan: {scanned} files under {state_dir}, {len(secrets)} known secrets, {len(leaks)} leaks")
    for leak in leaks[:50]:
        print(f"LEAK {leak.what}: {leak.path}:{leak.line}")
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
