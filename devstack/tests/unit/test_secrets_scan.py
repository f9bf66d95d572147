"""The secrets scan finds known secrets, tokens and keys in a run's outputs, and names where without repeating them."""

from __future__ import annotations

from pathlib import Path

from mdsync_devstack.secrets_scan import known_secrets, scan

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbm4iLCJyb2xlcyI6WyJhZG1pbiJdfQ.c2lnbmF0dXJlLXRoYXQtaXMtbG9uZy1lbm91Z2g"


def test_known_secrets_come_from_every_tenant_fixture() -> None:
    secrets = known_secrets()
    assert "demo-sync-7Hq2" in secrets
    assert "sb-mdsync-sync!t4711" in secrets["demo-sync-7Hq2"]


def test_leaks_are_found_by_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "extractor.log").write_text('{"msg": "ok"}\n{"msg": "token demo-sync-7Hq2"}\n')
    (tmp_path / "traces").mkdir()
    (tmp_path / "traces" / "spans.jsonl").write_text(f'{{"attributes": {{"auth": "Bearer {JWT}"}}}}\n')
    (tmp_path / "logs" / "ui.log.1").write_text("-----BEGIN PRIVATE KEY-----\n")
    (tmp_path / "auth").mkdir()
    (tmp_path / "auth" / "issuer.json").write_text("-----BEGIN PRIVATE KEY-----\n")
    leaks = scan(tmp_path, {"demo-sync-7Hq2": "client secret of sb-mdsync-sync!t4711"})
    found = sorted((leak.path, leak.line, leak.what) for leak in leaks)
    assert found == [
        ("logs/extractor.log", 2, "client secret of sb-mdsync-sync!t4711"),
        ("logs/ui.log.1", 1, "private key"),
        ("traces/spans.jsonl", 1, "bearer token (JWT)"),
    ]
    assert all("demo-sync-7Hq2" not in leak.model_dump_json() for leak in leaks)


def test_clean_outputs_have_no_leaks(tmp_path: Path) -> None:
    (tmp_path / "app.log").write_text('{"msg": "client_secret=**********"}\n')
    assert scan(tmp_path, {"demo-sync-7Hq2": "x"}) == []
