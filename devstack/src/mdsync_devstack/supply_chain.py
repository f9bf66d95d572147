"""`make audit`: the locked dependencies checked against known advisories (pip-audit), with a reviewed ignore list.

Exit 0 when nothing unignored is found (or the advisory service cannot be reached: then it says so loudly, since
an unreachable service must not block every change), 1 when an advisory applies, 2 when the lock is out of date.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from mdsync_devstack.settings import REPO_ROOT

IGNORE_FILE = REPO_ROOT / "audit-ignore.toml"


class Ignored(BaseModel):
    """An advisory accepted for now: why, and by when it must be looked at again."""

    id: str
    package: str
    reason: str
    review_by: dt.date


class Finding(BaseModel):
    """An advisory that applies to a locked package version."""

    package: str
    version: str
    id: str
    fix_versions: list[str] = Field(default_factory=list)


class Report(BaseModel):
    """What one audit found."""

    audited: int
    not_audited: list[str]
    findings: list[Finding]
    ignored: list[Finding]


def load_ignores(path: Path = IGNORE_FILE) -> list[Ignored]:
    """The reviewed ignore list (`[[ignore]]` tables)."""
    if not path.exists():
        return []
    return [Ignored.model_validate(item) for item in tomllib.loads(path.read_text()).get("ignore", [])]


def read_report(pip_audit_json: str, ignores: list[Ignored]) -> Report:
    """Split pip-audit's JSON into findings, ignored findings and packages it could not audit."""
    ignored_ids = {item.id for item in ignores}
    dependencies = json.loads(pip_audit_json)["dependencies"]
    found: list[Finding] = []
    skipped: list[str] = []
    for dep in dependencies:
        if "skip_reason" in dep:
            skipped.append(f"{dep['name']} {dep.get('version', '')}".strip())
            continue
        found += [Finding(package=dep["name"], version=dep["version"], **vuln) for vuln in _vulns(dep)]
    return Report(
        audited=len(dependencies) - len(skipped),
        not_audited=skipped,
        findings=[item for item in found if item.id not in ignored_ids],
        ignored=[item for item in found if item.id in ignored_ids],
    )


def _vulns(dep: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": v["id"], "fix_versions": v.get("fix_versions", [])} for v in dep.get("vulns") or []]


def _requirements() -> str:
    subprocess.run(["uv", "lock", "--check"], cwd=REPO_ROOT, check=True, capture_output=True)
    export = ["uv", "export", "--frozen", "--no-emit-workspace", "--no-hashes", "--format", "requirements-txt"]
    return subprocess.run(export, cwd=REPO_ROOT, check=True, capture_output=True, text=True).stdout


def main() -> int:
    """Run pip-audit over the lock file's pins and print the outcome."""
    ignores = load_ignores()
    for item in ignores:
        if item.review_by < dt.date.today():
            print(f"review overdue: {item.id} ({item.package}) was to be reviewed by {item.review_by}: {item.reason}")
    try:
        requirements = _requirements()
    except subprocess.CalledProcessError as error:
        print(f"uv.lock does not match the pyproject files: {error.stderr}", file=sys.stderr)
        return 2
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as pins:
        pins.write(requirements)
        pins.flush()
        command = [sys.executable, "-m", "pip_audit", "-r", pins.name, "--no-deps", "--disable-pip", "-f", "json"]
        output = subprocess.run(command, capture_output=True, text=True).stdout
    report = read_report(output, ignores)
    print(f"audited {report.audited} locked packages; {len(report.not_audited)} could not be audited")
    for finding in report.ignored:
        print(f"ignored (see audit-ignore.toml): {finding.package} {finding.version} {finding.id}")
    for finding in report.findings:
        print(f"ADVISORY {finding.id}: {finding.package} {finding.version} (fixed in {finding.fix_versions or '-'})")
    if report.not_audited and report.audited == 0:
        print("NOT AUDITED: the advisory service (pypi.org's per-version JSON API) is not reachable from here")
    return 1 if report.findings else 0


if __name__ == "__main__":
    sys.exit(main())
