"""`make audit` reads pip-audit's answer: advisories fail it unless a reviewed ignore entry covers them."""

from __future__ import annotations

import json
from pathlib import Path

from mdsync_devstack.supply_chain import load_ignores, read_report

ANSWER = json.dumps(
    {
        "dependencies": [
            {"name": "jinja2", "version": "2.4.1", "vulns": [{"id": "PYSEC-1", "fix_versions": ["2.10"]}]},
            {"name": "urllib3", "version": "1.0", "vulns": [{"id": "GHSA-2", "fix_versions": []}]},
            {"name": "six", "version": "1.16.0", "vulns": []},
            {"name": "private-pkg", "skip_reason": "Dependency not found on PyPI"},
        ]
    }
)


def test_findings_ignores_and_unaudited_are_told_apart(tmp_path: Path) -> None:
    ignore_file = tmp_path / "ignore.toml"
    ignore_file.write_text(
        '[[ignore]]\nid = "GHSA-2"\npackage = "urllib3"\nreason = "not reachable"\nreview_by = 2027-01-31\n'
    )
    report = read_report(ANSWER, load_ignores(ignore_file))
    assert [(f.package, f.id) for f in report.findings] == [("jinja2", "PYSEC-1")]
    assert [f.id for f in report.ignored] == ["GHSA-2"]
    assert report.audited == 3
    assert report.not_audited == ["private-pkg"]


def test_the_committed_ignore_list_is_well_formed() -> None:
    for item in load_ignores():
        assert item.reason.strip()
