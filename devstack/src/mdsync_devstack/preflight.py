"""Name every missing prerequisite of the devstack and how to get it.

Standard library only, so it runs before the virtual environment exists:
``python3 devstack/src/mdsync_devstack/preflight.py`` (or ``python -m mdsync_devstack preflight``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

MIN_PYTHON = (3, 11)
MIN_JAVA = 17
MIN_MAVEN = (3, 6, 3)  # maven-dependency-plugin 3.11.0's prerequisite
JDK_HINT = "Debian/Ubuntu: sudo apt-get install openjdk-17-jdk-headless; macOS: brew install openjdk@17"
MAVEN_HINT = (
    "Debian/Ubuntu: sudo apt-get install maven; macOS: brew install maven; or set MDSYNC_MVN to a Maven wrapper"
)


@dataclass(frozen=True)
class Check:
    """One prerequisite: what was found and, when missing, how to get it."""

    name: str
    found: str | None
    ok: bool
    hint: str


def parse_java_version(text: str) -> tuple[int, ...] | None:
    """The version in ``java -version``/``javac -version`` output (``1.8.0_x`` reads as 8)."""
    match = re.search(r'(?:version "|javac )(\d+(?:\.\d+)*)', text)
    if match is None:
        return None
    numbers = tuple(int(part) for part in match.group(1).split("."))
    return numbers[1:] if numbers[:1] == (1,) else numbers


def parse_maven_version(text: str) -> tuple[int, ...] | None:
    """The version in ``mvn -v`` output (ANSI colours ignored)."""
    match = re.search(r"Apache Maven (\d+(?:\.\d+)*)", re.sub(r"\x1b\[[0-9;]*m", "", text))
    return None if match is None else tuple(int(part) for part in match.group(1).split("."))


def _output(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout + done.stderr


def _jdk_tool(name: str) -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and os.path.isfile(os.path.join(home, "bin", name)):
        return os.path.join(home, "bin", name)
    return shutil.which(name)


def _show(version: tuple[int, ...] | None) -> str | None:
    return None if version is None else ".".join(map(str, version))


def check_python() -> Check:
    """Python >= 3.11 (this interpreter)."""
    found = ".".join(map(str, sys.version_info[:3]))
    return Check("python >= 3.11", found, sys.version_info[:2] >= MIN_PYTHON, "install Python 3.11 or newer")


def check_jdk_tool(name: str) -> Check:
    """``java`` or ``javac`` >= 17 (``javac`` proves a full JDK, needed to compile the store's launcher)."""
    tool = _jdk_tool(name)
    version = parse_java_version(_output([tool, "-version"])) if tool else None
    ok = version is not None and version[0] >= MIN_JAVA
    return Check(f"{name} >= {MIN_JAVA}", _show(version), ok, JDK_HINT)


def check_maven() -> Check:
    """Maven >= 3.6.3: ``$MDSYNC_MVN`` or ``mvn`` on ``PATH``."""
    configured = os.environ.get("MDSYNC_MVN")
    command = configured.split() if configured else [shutil.which("mvn") or ""]
    version = parse_maven_version(_output([*command, "-v"])) if command[0] else None
    ok = version is not None and version >= MIN_MAVEN
    return Check("maven >= 3.6.3", _show(version), ok, MAVEN_HINT)


def report(checks: list[Check]) -> tuple[str, int]:
    """The text to print and the exit code: one line when all is well, else one line per missing item."""
    missing = [check for check in checks if not check.ok]
    if not missing:
        found = ", ".join(f"{check.name.split()[0]} {check.found}" for check in checks)
        return f"preflight: ok ({found})", 0
    lines = ["preflight: missing prerequisites:"]
    for check in missing:
        state = "not found" if check.found is None else f"found {check.found}"
        lines.append(f"  - {check.name}: {state}. {check.hint}")
    return "\n".join(lines), 1


def main() -> int:
    """Run every check; print the result to stderr; return the exit code."""
    text, code = report([check_python(), check_jdk_tool("java"), check_jdk_tool("javac"), check_maven()])
    print(text, file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
