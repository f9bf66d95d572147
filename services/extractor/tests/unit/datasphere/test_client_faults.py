"""Faults the simulator injects lead to the documented client behaviour."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import SecretStr

from mdsync_extractor.datasphere import (
    AccessDeniedError,
    AuthenticationError,
    DatasphereUnavailableError,
    LoginPageError,
    ObjectNotFoundError,
    ObjectType,
)
from mdsync_runtime.errors import TransientError

from .conftest import REFRESH_TOKEN, Sim

SPACES = "/dwaas-core/api/v1/spaces"


async def test_token_is_cached_across_calls(sim: Sim) -> None:
    async with sim.client() as client:
        await client.list_spaces()
        await client.list_spaces()
        assert (client.calls, client.token_calls) == (2, 1)


async def test_401_refreshes_the_token_and_retries_once(sim: Sim) -> None:
    await sim.fault(kind="token_expired", path=SPACES, skip=1, count=1)  # the second call expires the token
    async with sim.client() as client:
        await client.list_spaces()
        assert [space.name for space in await client.list_spaces()] == ["SALES", "FINANCE"]
        assert (client.calls, client.token_calls) == (3, 2)


async def test_401_again_with_a_fresh_token_is_an_authentication_error(sim: Sim) -> None:
    await sim.fault(kind="token_expired", path=SPACES)
    async with sim.client() as client:
        with pytest.raises(AuthenticationError, match="refused"):
            await client.list_spaces()
        assert client.token_calls == 2


async def test_token_renewed_before_it_expires(sim: Sim) -> None:
    async with sim.client(token_refresh_margin=60) as client:
        await client.list_spaces()
        sim.clock.now += sim.state.config.token_ttl_seconds - 30  # inside the margin, still valid on the server
        await client.list_spaces()
        assert (client.calls, client.token_calls) == (2, 2)


async def test_refresh_token_mode(sim: Sim) -> None:
    async with sim.client(refresh_token=SecretStr(REFRESH_TOKEN)) as client:
        assert len(await client.list_spaces()) == 2


async def test_wrong_secret_names_what_to_check(sim: Sim) -> None:
    async with sim.client(client_secret=SecretStr("wrong")) as client:
        with pytest.raises(AuthenticationError, match=r"invalid_client.*Check the client id and secret"):
            await client.list_spaces()


async def test_429_waits_as_long_as_retry_after_says(sim: Sim) -> None:
    await sim.fault(kind="rate_limited", path=SPACES, retry_after=7, count=1)
    async with sim.client() as client:
        assert len(await client.list_spaces()) == 2
        assert client.calls == 2
    assert sim.clock.sleeps == [7.0]


@pytest.mark.parametrize("kind", ["html_login", "inactive_account"])
async def test_html_200_gets_a_fresh_token_then_succeeds(sim: Sim, kind: str) -> None:
    await sim.fault(kind=kind, path=SPACES, count=1)
    async with sim.client() as client:
        assert len(await client.list_spaces()) == 2
        assert client.token_calls == 2


async def test_html_200_that_persists_is_a_login_page_error(sim: Sim) -> None:
    await sim.fault(kind="html_login", path=SPACES)
    async with sim.client() as client:
        with pytest.raises(LoginPageError, match="HTML page"):
            await client.list_spaces()


async def test_5xx_is_retried_with_backoff(sim: Sim) -> None:
    await sim.fault(kind="server_error", path=SPACES, status=503, count=2)
    async with sim.client(max_retries=4, retry_base_seconds=1.0) as client:
        assert len(await client.list_spaces()) == 2
        assert client.calls == 3
    assert len(sim.clock.sleeps) == 2
    assert all(0 <= wait <= 2.0 for wait in sim.clock.sleeps)


async def test_5xx_that_persists_is_unavailable_and_transient(sim: Sim) -> None:
    await sim.fault(kind="server_error", path=SPACES, status=502)
    async with sim.client(max_retries=2) as client:
        with pytest.raises(DatasphereUnavailableError, match="after 3 attempts: HTTP 502") as caught:
            await client.list_spaces()
        assert client.calls == 3
    assert isinstance(caught.value, TransientError)


async def test_403_names_the_space_and_membership(sim: Sim) -> None:
    async with sim.client() as client:
        with pytest.raises(AccessDeniedError, match=r"space 'HR'.*member") as caught:
            await client.list_objects("HR", ObjectType.VIEWS)
    assert caught.value.space == "HR"


async def test_403_on_a_catalog_space(sim: Sim) -> None:
    async with sim.client() as client:
        with pytest.raises(AccessDeniedError, match="space 'HR'"):
            await client.list_catalog_assets("HR")


async def test_404_names_the_object_and_its_type(sim: Sim) -> None:
    async with sim.client() as client:
        with pytest.raises(ObjectNotFoundError, match=r"views object 'NOPE'.*object type"):
            await client.read_object("SALES", ObjectType.VIEWS, "NOPE")


async def test_concurrent_calls_share_one_token_fetch(sim: Sim) -> None:
    async with sim.client(max_concurrency=4) as client:
        results = await asyncio.gather(*(client.list_spaces() for _ in range(10)))
        assert (client.calls, client.token_calls) == (10, 1)
    assert all(len(spaces) == 2 for spaces in results)
