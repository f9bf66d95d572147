"""The token endpoint: client credentials (Basic or body), authorization code, refresh, expiry, errors."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from .conftest import SYNC, Sim

CATALOG = "/api/v1/dwc/catalog/spaces"


async def test_client_credentials_with_basic_auth(sim: Sim) -> None:
    response = await sim.auth.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=SYNC)
    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"access_token", "token_type", "expires_in", "scope", "jti"}
    assert (body["token_type"], body["expires_in"]) == ("bearer", 43199)
    spaces = await sim.api.get(CATALOG, headers={"Authorization": f"Bearer {body['access_token']}"})
    assert spaces.status_code == 200


async def test_client_credentials_with_form_body(sim: Sim) -> None:
    form = {"grant_type": "client_credentials", "client_id": SYNC[0], "client_secret": SYNC[1]}
    response = await sim.auth.post("/oauth/token", data=form)
    assert response.status_code == 200
    assert response.json()["access_token"]


async def test_wrong_secret_is_invalid_client(sim: Sim) -> None:
    response = await sim.auth.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=(SYNC[0], "nope"))
    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client", "error_description": "Bad credentials"}


async def test_unsupported_grant_and_missing_form_type(sim: Sim) -> None:
    response = await sim.auth.post("/oauth/token", data={"grant_type": "password"}, auth=SYNC)
    assert (response.status_code, response.json()["error"]) == (400, "unsupported_grant_type")
    response = await sim.auth.post("/oauth/token", json={"grant_type": "client_credentials"}, auth=SYNC)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")


async def test_refresh_token_grant_with_the_configured_refresh_token(sim: Sim) -> None:
    form = {"grant_type": "refresh_token", "refresh_token": "demo-refresh-4f1c9a"}
    response = await sim.auth.post("/oauth/token", data=form, auth=SYNC)
    assert response.status_code == 200
    assert response.json()["refresh_token"] == "demo-refresh-4f1c9a"
    bad = await sim.auth.post("/oauth/token", data={**form, "refresh_token": "stolen"}, auth=SYNC)
    assert bad.status_code == 400
    assert bad.json() == {"error": "invalid_grant", "error_description": "Invalid refresh token"}


async def test_authorization_code_flow_issues_a_refresh_token(sim: Sim) -> None:
    params = {"client_id": SYNC[0], "response_type": "code", "redirect_uri": "http://localhost:8080/", "state": "s1"}
    redirect = await sim.auth.get("/oauth/authorize", params=params)
    assert redirect.status_code == 302
    query = parse_qs(urlsplit(redirect.headers["location"]).query)
    assert query["state"] == ["s1"]
    form = {"grant_type": "authorization_code", "code": query["code"][0]}
    tokens = (await sim.auth.post("/oauth/token", data=form, auth=SYNC)).json()
    assert {"access_token", "refresh_token", "id_token"} <= set(tokens)
    again = await sim.auth.post("/oauth/token", data=form, auth=SYNC)
    assert again.status_code == 400  # a code is good once


async def test_expired_access_token_gets_401_and_a_refresh_works(sim: Sim) -> None:
    headers = await sim.bearer()
    sim.clock.advance(43200)
    expired = await sim.api.get(CATALOG, headers=headers)
    assert expired.status_code == 401
    assert "token expired" in expired.headers["www-authenticate"]
    assert expired.json()["details"]["message"] == "Unauthorized: token expired"
    assert (await sim.api.get(CATALOG, headers=await sim.bearer())).status_code == 200


async def test_expired_refresh_token_is_invalid_grant(sim: Sim) -> None:
    sim.clock.advance(31 * 86400)
    form = {"grant_type": "refresh_token", "refresh_token": "demo-refresh-4f1c9a"}
    response = await sim.auth.post("/oauth/token", data=form, auth=SYNC)
    assert response.json() == {"error": "invalid_grant", "error_description": "Invalid refresh token (expired)"}


async def test_requests_without_or_with_an_unknown_token_are_401(sim: Sim) -> None:
    assert (await sim.api.get(CATALOG)).status_code == 401
    unknown = await sim.api.get(CATALOG, headers={"Authorization": "Bearer made-up"})
    assert unknown.status_code == 401
    assert unknown.headers["x-correlationid"] in unknown.json()["details"]["stack"]


async def test_token_lifetime_is_configurable_and_admin_can_expire_tokens(sim: Sim) -> None:
    await sim.api.patch("/_sim/config", json={"token_ttl_seconds": 60})
    token = (await sim.auth.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=SYNC)).json()
    assert token["expires_in"] == 60
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    assert (await sim.api.post("/_sim/tokens/expire", json={"client_id": SYNC[0]})).json() == {"expired": 1}
    assert (await sim.api.get(CATALOG, headers=headers)).status_code == 401
