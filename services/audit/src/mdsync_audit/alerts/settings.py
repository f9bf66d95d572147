"""Settings of alerting in the audit service (environment variables `MDSYNC_AUDIT_ALERTS_*`)."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from mdsync_audit.alerts.delivery.routing import ChannelName, Route
from mdsync_contracts.alerts import AlertRule, Severity
from mdsync_runtime.settings import PLACEHOLDER_SECRETS

DEFAULT_SEVERITIES: dict[AlertRule, Severity] = {
    AlertRule.JOB_FAILED: Severity.CRITICAL,
    AlertRule.SPACE_STALE: Severity.WARNING,
    AlertRule.DEAD_LETTERS: Severity.WARNING,
    AlertRule.CHANGE_WAITING: Severity.WARNING,
    AlertRule.GLUE_DRIFT: Severity.WARNING,
    AlertRule.CREDENTIALS_EXPIRING: Severity.WARNING,
}


class RuleSettings(BaseModel):
    """Thresholds of the rules (a pure input of ``rules.evaluate``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    job_lookback_days: int = Field(default=2, ge=1, le=90, description="Finished jobs of this many days count.")
    freshness_default_minutes: int = Field(default=1440, ge=1, description="Freshness target of a space.")
    freshness_minutes: dict[str, int] = Field(default_factory=dict, description="Freshness target per space.")
    dead_letter_threshold: int = Field(default=10, ge=0, description="Alert when more dead letters than this...")
    dead_letter_window_minutes: int = Field(default=60, ge=1, le=1440, description="...arrived in this window.")
    waiting_hours: float = Field(default=24, gt=0, description="Alert on a held change or conflict open this long.")
    credentials_warn_days: float = Field(default=14, gt=0, description="Warn this long before a secret expires.")
    credentials_critical_days: float = Field(default=3, ge=0, description="Critical this long before it expires.")
    severities: dict[AlertRule, Severity] = Field(
        default_factory=lambda: dict(DEFAULT_SEVERITIES), description="Severity of each rule's alerts."
    )

    def severity(self, rule: AlertRule) -> Severity:
        """The configured severity of ``rule``."""
        return self.severities.get(rule, DEFAULT_SEVERITIES[rule])

    def freshness_target(self, space: str) -> int:
        """Freshness target of ``space`` in minutes."""
        return self.freshness_minutes.get(space, self.freshness_default_minutes)


class AlertSettings(BaseSettings):
    """What alerting reads from the environment; complex values (dicts, lists) are JSON."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_AUDIT_ALERTS_", extra="ignore", frozen=True)

    enabled: bool = Field(default=True, description="Run the periodic evaluator.")
    interval_seconds: float = Field(default=60, gt=0, description="How often the rules are evaluated.")
    tenants: tuple[str, ...] = Field(
        default=(),
        description="Deprecated and ignored: the credentials of every tenant that reports them are watched.",
        deprecated="every tenant's credentials report is watched; MDSYNC_AUDIT_ALERTS_TENANTS has no effect",
    )
    rules: RuleSettings = Field(default_factory=RuleSettings, description="Rule thresholds.")

    webhook_url: str | None = Field(default=None, description="Generic webhook receiving JSON notices.")
    webhook_secret: SecretStr | None = Field(default=None, description="HMAC-SHA256 key of the webhook signature.")
    slack_webhook_url: SecretStr | None = Field(default=None, description="Slack-compatible incoming webhook.")
    smtp_host: str | None = Field(default=None, description="SMTP server for email notices.")
    smtp_port: int = Field(default=25, ge=1, le=65535, description="Its port.")
    smtp_starttls: bool | None = Field(default=None, description="STARTTLS: on, off, or (unset) when offered.")
    smtp_username: str | None = Field(default=None, description="SMTP login, when the server needs one.")
    smtp_password: SecretStr | None = Field(default=None, description="Its password.")
    smtp_sender: str = Field(default="mdsync@localhost", description="From address.")
    smtp_recipients: tuple[str, ...] = Field(default=(), description="To addresses.")
    routes: tuple[Route, ...] = Field(
        default=(), description="Which channels get which alerts; none: every configured channel gets every alert."
    )

    delivery_queue_size: int = Field(default=1000, ge=1, description="Notices waiting for delivery at most.")
    delivery_workers: int = Field(default=2, ge=1, le=16, description="Deliveries in flight at once.")
    delivery_max_attempts: int = Field(default=5, ge=1, le=20, description="Tries per notice and channel.")
    delivery_retry_base_seconds: float = Field(default=1.0, gt=0, description="First retry delay (jittered).")
    delivery_retry_cap_seconds: float = Field(default=60.0, gt=0, description="Longest retry delay.")
    delivery_timeout_seconds: float = Field(default=10.0, gt=0, description="Timeout of one delivery attempt.")

    @field_validator("webhook_secret", "slack_webhook_url", "smtp_password", mode="after")
    @classmethod
    def _no_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS:
            raise ValueError("is empty or a placeholder; set a real secret")
        return value

    @model_validator(mode="after")
    def _channels_complete(self) -> Self:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("webhook_url needs webhook_secret (notices are signed)")
        if self.smtp_host and not self.smtp_recipients:
            raise ValueError("smtp_host needs smtp_recipients")
        missing = {c for r in self.routes for c in r.channels} - set(self.channels())
        if missing:
            raise ValueError(f"routes name channels that are not configured: {sorted(missing)}")
        return self

    def channels(self) -> tuple[ChannelName, ...]:
        """The channels this configuration sets up."""
        configured: dict[ChannelName, Any] = {
            ChannelName.WEBHOOK: self.webhook_url,
            ChannelName.SLACK: self.slack_webhook_url,
            ChannelName.EMAIL: self.smtp_host,
        }
        return tuple(name for name, value in configured.items() if value)
