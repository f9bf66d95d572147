"""Errors of the Datasphere client; every message says what to check."""

from __future__ import annotations

from mdsync_runtime.errors import TransientError


class DatasphereError(Exception):
    """Base of every error the Datasphere client raises."""


class AuthenticationError(DatasphereError):
    """The token endpoint refused the credentials, or a fresh token was refused too."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"Datasphere authentication failed: {detail}. Check the client id and secret, the token URL "
            "(https://<tenant>.authentication.<region>.hana.ondemand.com/oauth/token), that the OAuth client is a "
            "Technical User client and has not expired, and for refresh-token mode that the refresh token is valid."
        )
        self.detail = detail


class AccessDeniedError(DatasphereError):
    """HTTP 403: the OAuth client may not read this space."""

    def __init__(self, space: str | None, detail: str) -> None:
        where = f"space {space!r}" if space else "this Datasphere endpoint"
        super().__init__(
            f"Access denied to {where}: {detail}. Check that the OAuth client's technical user is a member of "
            f"{where} with a scoped role that can read the Data Builder (e.g. DW Modeler), and that the client has "
            "the Technical User purpose (API Access clients get 403 everywhere)."
        )
        self.space = space
        self.detail = detail


class ObjectNotFoundError(DatasphereError):
    """HTTP 404: the object does not exist under that type, or the asset is not exposed."""

    def __init__(self, space: str | None, what: str, detail: str) -> None:
        super().__init__(
            f"Not found in space {space!r}: {what}: {detail}. Check that the object is deployed under that object "
            "type (views and analytic models are easily confused) and, for catalog and $metadata reads, that it is "
            "exposed for consumption and has no input parameters."
        )
        self.space = space
        self.what = what
        self.detail = detail


class LoginPageError(DatasphereError):
    """HTTP 200 with an HTML (login) page instead of JSON or XML, even after a fresh token."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"Datasphere answered {url} with an HTML page (a login page) instead of data. Check that the URL is a "
            "public API path (not /deepsea), that the client is a Technical User client, and that no SSO proxy sits "
            "between mdsync and the tenant."
        )
        self.url = url


class InvalidResponseError(DatasphereError):
    """A 2xx response whose body is not what the endpoint promises (e.g. not JSON)."""

    def __init__(self, url: str, detail: str) -> None:
        super().__init__(f"Datasphere returned an unreadable body for {url}: {detail}. Check the object's content.")
        self.url = url
        self.detail = detail


class DatasphereUnavailableError(DatasphereError, TransientError):
    """Transient failures (5xx, 429, timeouts) went on after every retry."""

    def __init__(self, url: str, attempts: int, detail: str) -> None:
        super().__init__(
            f"Datasphere is unavailable for {url} after {attempts} attempts: {detail}. Check the tenant's status, "
            "the network path, and whether the rate limit (requests_per_minute) is set above the tenant's limit."
        )
        self.url = url
        self.attempts = attempts
        self.detail = detail


class RequestFailedError(DatasphereError):
    """Any other 4xx answer: the request itself is wrong."""

    def __init__(self, url: str, status: int, detail: str) -> None:
        super().__init__(f"Datasphere rejected {url} with HTTP {status}: {detail}. Check the base URL and paths.")
        self.url = url
        self.status = status
        self.detail = detail
