"""The token server (own port, like ``<sub>.authentication.<region>.hana.ondemand.com``): ``/oauth/token``."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Query, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from mdsync_devstack.datasphere.gate import install_gate
from mdsync_devstack.datasphere.responses import xsuaa_error
from mdsync_devstack.datasphere.state import SimState
from mdsync_devstack.datasphere.tokens import OAuthError

FORM_TYPE = "application/x-www-form-urlencoded"


def create_token_app(state: SimState) -> FastAPI:
    """The OAuth app sharing ``state`` with the API app."""
    app = FastAPI(title="Datasphere simulator: authentication", openapi_url=None, docs_url=None, redoc_url=None)
    app.state.sim = state
    install_gate(app, state, authenticate=False)

    @app.post("/oauth/token")
    async def token(request: Request) -> Response:
        if not request.headers.get("content-type", "").lower().startswith(FORM_TYPE):
            return xsuaa_error(OAuthError(400, "invalid_request", f"Content-Type must be {FORM_TYPE}"))
        form = dict(parse_qsl((await request.body()).decode(errors="replace")))
        try:
            granted = state.tokens.grant(form, request.headers.get("authorization"))
        except OAuthError as error:
            return xsuaa_error(error)
        return JSONResponse(granted.model_dump(exclude_none=True), headers={"Cache-Control": "no-store"})

    @app.get("/oauth/authorize")
    async def authorize(
        client_id: str, redirect_uri: str, response_type: str = "code", state_: str = Query(default="", alias="state")
    ) -> Response:
        """Consents at once and redirects with a code (the simulator has no login screen)."""
        if response_type != "code":
            return xsuaa_error(OAuthError(400, "unsupported_response_type", response_type))
        try:
            code = state.tokens.authorization_code(client_id)
        except OAuthError as error:
            return xsuaa_error(error)
        query = {"code": code, **({"state": state_} if state_ else {})}
        separator = "&" if "?" in redirect_uri else "?"
        return RedirectResponse(f"{redirect_uri}{separator}{urlencode(query)}", status_code=302)

    return app
