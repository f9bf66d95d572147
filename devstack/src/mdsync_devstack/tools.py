"""The machine's JDK and Maven, and resolving a committed POM's jars into the cache."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import weakref
from pathlib import Path

from mdsync_devstack.component import DevstackError

DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy-dependencies"
MARKER = ".pom-sha256"


def jdk_tool(name: str) -> str:
    """Path of a JDK tool (``java``, ``javac``): ``$JAVA_HOME/bin`` first, then ``PATH``."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / name).is_file():
        return str(Path(home) / "bin" / name)
    found = shutil.which(name)
    if found is None:
        raise DevstackError(
            f"{name} not found: install a JDK >= 17 (python3 devstack/src/mdsync_devstack/preflight.py)"
        )
    return found


def maven() -> list[str]:
    """The Maven command: ``$MDSYNC_MVN`` (e.g. a wrapper), else ``mvn`` on ``PATH``."""
    configured = os.environ.get("MDSYNC_MVN")
    if configured:
        return configured.split()
    found = shutil.which("mvn")
    if found is None:
        raise DevstackError("mvn not found: install Maven or set MDSYNC_MVN (see the preflight)")
    return [found]


async def run_logged(argv: list[str], log_file: Path, cwd: Path | None = None) -> int:
    """Run a short command to completion with its output appended to ``log_file``; return its exit code."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        log.write(f"$ {' '.join(argv)}\n".encode())
        log.flush()
        process = await asyncio.create_subprocess_exec(
            *argv, stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=asyncio.subprocess.STDOUT, cwd=cwd
        )
        return await process.wait()


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def resolved(pom: Path, lib: Path) -> bool:
    """Whether ``lib`` already holds the jars of this exact POM."""
    marker = lib / MARKER
    return marker.is_file() and marker.read_text().strip() == digest(pom)


# Two Maven runs at once would download the same plugin into ~/.m2 side by side; one lock per event loop.
_MAVEN_LOCKS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


def _maven_lock() -> asyncio.Lock:
    return _MAVEN_LOCKS.setdefault(asyncio.get_running_loop(), asyncio.Lock())


async def resolve_jars(pom: Path, lib: Path, log_file: Path) -> bool:
    """Copy the POM's runtime jars into ``lib`` unless already there; True when Maven ran."""
    if resolved(pom, lib):
        return False
    async with _maven_lock():
        staging = lib.with_name(lib.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        argv = [*maven(), "-q", "-B", "-Dstyle.color=never", "-f", str(pom), DEPENDENCY_PLUGIN]
        argv += ["-DincludeScope=runtime", f"-DoutputDirectory={staging}"]
        code = await run_logged(argv, log_file)
        if code != 0 or not any(staging.glob("*.jar")):
            raise DevstackError(f"mvn could not resolve {pom} (exit {code}); see {log_file}")
        (staging / MARKER).write_text(digest(pom))
        shutil.rmtree(lib, ignore_errors=True)
        staging.replace(lib)
    return True
