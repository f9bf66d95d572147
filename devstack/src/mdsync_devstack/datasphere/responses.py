"""Response shapes: OData JSON, OData and ``details`` error bodies, XSUAA errors, fault pages."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from mdsync_devstack.datasphere.tokens import OAuthError

CORRELATION_HEADER = "x-correlationid"
ODATA_HEADERS = {"OData-Version": "4.0"}
INACTIVE_ACCOUNT_TEXT = "Please contact your system administrator and ensure you have an active account on this system."
LOGIN_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Log On</title></head>
<body><form id="logOnForm" method="post" action="/saml2/idp/sso">
<h1>SAP Datasphere</h1><label for="j_username">Email or User Name</label>
<input id="j_username" name="j_username" type="text"/><input id="j_password" name="j_password" type="password"/>
<button type="submit">Log On</button></form></body></html>
"""


def correlation_id(request: Request) -> str:
    """The correlation id the gate gave this request."""
    return str(getattr(request.state, "correlation_id", "-"))


def odata_json(body: Any, status: int = 200) -> JSONResponse:
    """An OData JSON response (``OData-Version: 4.0``)."""
    return JSONResponse(body, status_code=status, headers=ODATA_HEADERS)


def odata_error(status: int, message: str) -> JSONResponse:
    """An OData v4 error body ``{"error": {"code", "message"}}`` (the reference's inferred shape)."""
    return JSONResponse({"error": {"code": str(status), "message": message}}, status_code=status, headers=ODATA_HEADERS)


def details_error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The ``{"details": {"message", "stack"}}`` body the SAP CLI reads errors from."""
    body = {"details": {"message": message, "stack": f"See correlation id {correlation_id(request)}"}}
    return JSONResponse(body, status_code=status, headers=headers)


def xsuaa_error(error: OAuthError) -> JSONResponse:
    """An OAuth2 error body ``{"error", "error_description"}``."""
    headers = {"WWW-Authenticate": 'Basic realm="UAA/client"'} if error.status == 401 else None
    return JSONResponse(
        {"error": error.error, "error_description": error.description}, status_code=error.status, headers=headers
    )


def login_page() -> HTMLResponse:
    """200 with an HTML login page, as an SSO or proxy layer answers."""
    return HTMLResponse(LOGIN_PAGE, status_code=200)


def inactive_account() -> Response:
    """200 with the text the SAP CLI treats as a stale or unknown token."""
    return PlainTextResponse(INACTIVE_ACCOUNT_TEXT, status_code=200)
