"""`mdsync token` prints a token the services accept, with the role and spaces asked for."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdsync_cli.main import app
from mdsync_runtime.auth import Authenticator, AuthSettings, Role


@pytest.fixture
def key_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MDSYNC_AUTH_KEY_DIR", str(tmp_path / "auth"))
    return tmp_path / "auth"


async def test_the_printed_token_carries_role_and_spaces(key_dir: Path) -> None:
    result = CliRunner().invoke(app, ["token", "--role", "operator", "--spaces", "SALES, FINANCE", "--subject", "ann"])
    assert result.exit_code == 0, result.output
    principal = await Authenticator(AuthSettings(key_dir=key_dir)).principal(result.output.strip())
    assert principal.roles == {Role.OPERATOR}
    assert principal.spaces == frozenset({"SALES", "FINANCE"})
    assert principal.subject == "ann"


def test_an_unknown_role_is_a_usage_error(key_dir: Path) -> None:
    result = CliRunner().invoke(app, ["token", "--role", "root"])
    assert result.exit_code == 2


def test_with_an_identity_provider_configured_it_points_there(key_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MDSYNC_AUTH_JWKS_URL", "https://idp.example.com/jwks.json")
    result = CliRunner().invoke(app, ["token"])
    assert result.exit_code == 2
    assert "MDSYNC_TOKEN" in result.output
