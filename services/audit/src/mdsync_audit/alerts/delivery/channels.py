"""The channels: each sends one notice or raises DeliveryError saying whether trying again may help."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol

import aiosmtplib
import httpx
from pydantic import SecretStr

from mdsync_audit.alerts.delivery.payloads import (
    EVENT_HEADER,
    SIGNATURE_HEADER,
    email_message,
    signature,
    slack_payload,
    webhook_body,
)
from mdsync_audit.alerts.delivery.routing import ChannelName
from mdsync_audit.alerts.messages import AlertEvent


class DeliveryError(Exception):
    """A delivery attempt failed; ``retryable`` is False when repeating it cannot succeed (e.g. HTTP 400)."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


class Channel(Protocol):
    """Somewhere notices go."""

    @property
    def name(self) -> ChannelName:
        """Which channel it is."""
        ...

    async def send(self, notice: AlertEvent) -> None:
        """Deliver ``notice`` once; raise DeliveryError on failure."""
        ...


def _check(response: httpx.Response) -> None:
    if response.is_success:
        return
    retryable = response.status_code in (408, 425, 429) or response.status_code >= 500
    raise DeliveryError(f"HTTP {response.status_code}", retryable=retryable)


async def _post(client: httpx.AsyncClient, url: str, content: bytes, headers: dict[str, str]) -> None:
    try:
        response = await client.post(url, content=content, headers=headers)
    except httpx.HTTPError as error:
        raise DeliveryError(f"{type(error).__name__}: {error}") from error
    _check(response)


@dataclass(frozen=True)
class WebhookChannel:
    """Generic webhook: the notice's JSON, signed with HMAC-SHA256 in `X-Mdsync-Signature`."""

    url: str
    secret: SecretStr
    client: httpx.AsyncClient
    name: ChannelName = ChannelName.WEBHOOK

    async def send(self, notice: AlertEvent) -> None:
        """POST the signed JSON."""
        body = webhook_body(notice)
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature(self.secret.get_secret_value(), body),
            EVENT_HEADER: notice.CE_TYPE,
        }
        await _post(self.client, self.url, body, headers)


@dataclass(frozen=True)
class SlackChannel:
    """Slack-compatible incoming webhook (the URL is the secret)."""

    url: SecretStr
    client: httpx.AsyncClient
    name: ChannelName = ChannelName.SLACK

    async def send(self, notice: AlertEvent) -> None:
        """POST text and blocks."""
        body = json.dumps(slack_payload(notice)).encode("utf-8")
        await _post(self.client, self.url.get_secret_value(), body, {"Content-Type": "application/json"})


@dataclass(frozen=True)
class EmailChannel:
    """Email over SMTP (aiosmtplib)."""

    host: str
    port: int
    sender: str
    recipients: tuple[str, ...]
    timeout_seconds: float
    starttls: bool | None = None
    username: str | None = None
    password: SecretStr | None = None
    name: ChannelName = ChannelName.EMAIL

    async def send(self, notice: AlertEvent) -> None:
        """Send a plain-text email to every recipient."""
        try:
            await aiosmtplib.send(
                email_message(notice, self.sender, self.recipients),
                hostname=self.host,
                port=self.port,
                start_tls=self.starttls,
                username=self.username,
                password=self.password.get_secret_value() if self.password else None,
                timeout=self.timeout_seconds,
            )
        except aiosmtplib.SMTPResponseException as error:
            transient = 400 <= error.code < 500  # 4xx replies are transient in SMTP, 5xx permanent
            raise DeliveryError(f"SMTP {error.code}: {error.message}", retryable=transient) from error
        except (aiosmtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"{type(error).__name__}: {error}") from error
