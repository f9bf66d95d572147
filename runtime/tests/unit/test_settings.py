"""Settings fail fast, naming the variable, and refuse placeholder secrets."""

import pytest
from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from mdsync_runtime.settings import CommonSettings, ServiceSettings, SettingsError, load_settings


class DemoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MDSYNC_DEMO_", extra="ignore", frozen=True)

    client_secret: SecretStr = Field(description="A secret the service needs.")


def test_missing_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MDSYNC_DEMO_CLIENT_SECRET", raising=False)
    with pytest.raises(SettingsError, match="MDSYNC_DEMO_CLIENT_SECRET"):
        load_settings(DemoSettings)


@pytest.mark.parametrize("placeholder", ["changeme", "", "TODO", " placeholder "])
def test_placeholder_secret_is_refused(monkeypatch: pytest.MonkeyPatch, placeholder: str) -> None:
    monkeypatch.setenv("MDSYNC_DEMO_CLIENT_SECRET", placeholder)
    with pytest.raises(SettingsError, match=r"MDSYNC_DEMO_CLIENT_SECRET: .*placeholder"):
        load_settings(DemoSettings)


def test_real_secret_is_kept_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MDSYNC_DEMO_CLIENT_SECRET", "s3cr3t-value")
    settings = load_settings(DemoSettings)
    assert settings.client_secret.get_secret_value() == "s3cr3t-value"
    assert "s3cr3t-value" not in repr(settings)


def test_bad_environment_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MDSYNC_ENV", "panda")
    with pytest.raises(SettingsError, match="MDSYNC_ENV"):
        load_settings(CommonSettings)


def test_out_of_range_value_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MDSYNC_DEMO_CLIENT_SECRET", "s3cr3t-value")
    monkeypatch.setenv("MDSYNC_DEMO_MAX_ATTEMPTS", "0")
    with pytest.raises(SettingsError, match="MDSYNC_DEMO_MAX_ATTEMPTS"):
        load_settings(DemoSettings)
