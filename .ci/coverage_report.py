"""Line and branch coverage per package from `coverage json` (printed by `make coverage` after the unit tier)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

PACKAGES = (
    "mdsync_contracts",
    "mdsync_runtime",
    "mdsync_cli",
    "mdsync_devstack",
    "mdsync_extractor",
    "mdsync_mapper",
    "mdsync_glue_writer",
    "mdsync_audit",
    "mdsync_agent",
    "mdsync_ui",
)
FIELDS = ("covered_lines", "num_statements", "covered_branches", "num_branches")


def per_package(report: dict[str, Any]) -> dict[str, list[int]]:
    """Covered and total lines and branches per package."""
    sums = {package: [0, 0, 0, 0] for package in PACKAGES}
    for path, measured in report["files"].items():
        package = next((p for p in PACKAGES if f"/{p}/" in f"/{path}"), None)
        if package is not None:
            sums[package] = [a + measured["summary"][f] for a, f in zip(sums[package], FIELDS, strict=True)]
    return sums


def percent(covered: int, total: int) -> str:
    """``covered/total`` as a percentage, or a dash when there is nothing to cover."""
    return f"{100 * covered / total:6.1f} %" if total else "     - "


def main(path: str) -> None:
    """Print one row per package: lines, branches, and both together (what fail_under checks)."""
    print(f"{'package':20} {'lines':>9} {'branches':>9} {'together':>9}")
    for package, (lines, statements, branches, all_branches) in per_package(json.loads(Path(path).read_text())).items():
        together = percent(lines + branches, statements + all_branches)
        print(f"{package:20} {percent(lines, statements)} {percent(branches, all_branches)} {together}")


if __name__ == "__main__":
    main(sys.argv[1])
