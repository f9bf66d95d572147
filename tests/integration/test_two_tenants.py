"""Two Datasphere tenants side by side in one deployment: one failing and throttled, the other syncing fully.

Each tenant has a simulator instance of its own (on its own port, a generated tenant each, the same space names
in both). The extractor, mapper, glue-writer and audit run in-process on isolated topics and database, against the
devstack's Kafka, store and moto Glue, with a tenants file giving each tenant its credentials and Glue prefix.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aioboto3
import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from mdsync_audit.alerts.settings import AlertSettings
from mdsync_audit.main import build_app as audit_app
from mdsync_audit.settings import AuditSettings
from mdsync_contracts.base import Message
from mdsync_contracts.credentials import CredentialsReported
from mdsync_contracts.glue import EnsureDatabase
from mdsync_contracts.topics import (
    ASSET_CHANGES,
    DATASPHERE_CREDENTIALS,
    GLUE_COMMANDS,
    GLUE_RESULTS,
    SYNC_JOBS,
    prefixed,
)
from mdsync_devstack.datasphere.api_app import create_api_app
from mdsync_devstack.datasphere.generate import generate
from mdsync_devstack.datasphere.settings import SimConfig
from mdsync_devstack.datasphere.state import SimState
from mdsync_devstack.datasphere.token_app import create_token_app
from mdsync_extractor.main import build_app as extractor_app
from mdsync_extractor.settings import ExtractorSettings
from mdsync_glue_writer.main import create_app as glue_writer_app
from mdsync_glue_writer.settings import GlueWriterSettings
from mdsync_mapper.main import build_app as mapper_app
from mdsync_mapper.settings import DEFAULT_RULES_DIR, MapperSettings
from mdsync_runtime import ports
from mdsync_runtime.auth.client import local_headers
from mdsync_runtime.decoding import decode_record
from mdsync_runtime.local_servers import serving
from mdsync_runtime.testing import Isolation, isolated

pytestmark = pytest.mark.integration
REGION = "eu-central-1"
SECRET = "bench-sync-secret-1"  # the generated tenants' all-spaces client
FAILING, HEALTHY = "alpha", "beta"


@dataclass(frozen=True)
class Tenant:
    """One tenant of the test: its name, Glue prefix and simulator."""

    name: str
    prefix: str
    url: str
    token_url: str


@dataclass
class Deployment:
    """The four services, both tenants and an admin client of each service."""

    iso: Isolation
    tenants: dict[str, Tenant]
    extractor: httpx.AsyncClient
    audit: httpx.AsyncClient
    sims: httpx.AsyncClient
    apps: list[FastAPI]

    def state(self, index: int, key: str) -> Any:
        return self.apps[index].state.runtime.state[key]

    async def job(self, job_id: str, headers: dict[str, str] | None = None) -> httpx.Response:
        return await self.extractor.get(f"/jobs/{job_id}", headers=headers)

    async def request(self, tenant: str) -> str:
        response = await self.extractor.post("/jobs", json={"mode": "full", "tenant": tenant})
        assert response.status_code == 202, response.text
        assert response.json()["tenant"] == tenant
        return str(response.json()["job_id"])

    async def wait(self, job_id: str, done: Callable[[dict[str, Any]], bool], seconds: float = 120) -> dict[str, Any]:
        async with asyncio.timeout(seconds):
            while not done(job := (await self.job(job_id)).json()):  # noqa: ASYNC110 - polled over HTTP
                await asyncio.sleep(0.1)
        found: dict[str, Any] = job
        return found

    async def sync(self, tenant: str) -> dict[str, Any]:
        return await self.wait(await self.request(tenant), finished)

    async def sim_stats(self, tenant: str) -> dict[str, Any]:
        body: dict[str, Any] = (await self.sims.get(f"{self.tenants[tenant].url}/_sim/stats")).json()
        return body


def finished(job: dict[str, Any]) -> bool:
    return bool(job["phase"] == "finished")


def seconds(job: dict[str, Any]) -> float:
    return (datetime.fromisoformat(job["finished_at"]) - datetime.fromisoformat(job["created_at"])).total_seconds()


def tenants_file(path: Path, tenants: list[Tenant]) -> Path:
    entries = [
        f"  - name: {t.name}\n"
        f'    datasphere: {{base_url: "{t.url}", token_url: "{t.token_url}", client_id: bench-sync,\n'
        f"                 client_secret_env: MDSYNC_TEST_{t.name.upper()}_SECRET, rate_limit_per_minute: 0}}\n"
        f"    job_concurrency: 2\n"
        f"    glue: {{region: {REGION}, database_prefix: {t.prefix}}}\n"
        for t in tenants
    ]
    path.write_text("tenants:\n" + "".join(entries))
    return path


@pytest.fixture
async def deployment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Deployment]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    run = uuid.uuid4().hex[:6]
    async with contextlib.AsyncExitStack() as stack:
        tenants = []
        for seed, (name, spaces) in enumerate(((FAILING, 2), (HEALTHY, 1))):
            generate(tmp_path / name, assets=8 * spaces, spaces=spaces, seed=seed + 11)
            state = SimState(tmp_path / name, SimConfig(rate_limit_per_minute=0))
            url = await stack.enter_async_context(serving(create_api_app(state), "off"))
            token = await stack.enter_async_context(serving(create_token_app(state), "off"))
            tenants.append(Tenant(name, f"{name[0]}{run}_", url, f"{token}/oauth/token"))
            monkeypatch.setenv(f"MDSYNC_TEST_{name.upper()}_SECRET", SECRET)
        monkeypatch.setenv("MDSYNC_TENANTS_FILE", str(tenants_file(tmp_path / "tenants.yaml", tenants)))
        rules = tmp_path / "rules"
        shutil.copytree(DEFAULT_RULES_DIR, rules)
        iso = await isolated(partitions=2)
        common = iso.common(tenant=FAILING)
        group = iso.topic_prefix
        apps = [
            extractor_app(
                common,
                ExtractorSettings(
                    consumer_group=f"{group}extractor", request_retry_base_seconds=0.05, asset_retry_base_seconds=0.05
                ),
            ),
            mapper_app(
                common,
                MapperSettings(
                    consumer_group=f"{group}mapper",
                    rules_dir=rules,
                    glue_endpoint=ports.glue_endpoint(),
                    glue_region=REGION,
                ),
            ),
            glue_writer_app(
                common,
                GlueWriterSettings(
                    consumer_group=f"{group}glue-writer",
                    glue_endpoint=ports.glue_endpoint(),
                    region=REGION,
                    sweep_interval_seconds=0,
                ),
            ),
            audit_app(common, AuditSettings(consumer_group=f"{group}audit"), AlertSettings(enabled=False)),
        ]
        for app in apps:
            await stack.enter_async_context(LifespanManager(app, startup_timeout=60, shutdown_timeout=30))
        admin = local_headers(role="admin", subject="test:admin")

        def client(app: FastAPI) -> httpx.AsyncClient:
            return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://svc", headers=admin)

        extractor = await stack.enter_async_context(client(apps[0]))
        audit = await stack.enter_async_context(client(apps[3]))
        sims = await stack.enter_async_context(httpx.AsyncClient())
        yield Deployment(iso, {t.name: t for t in tenants}, extractor, audit, sims, apps)


async def messages(iso: Isolation, topic: str) -> list[Message]:
    """Every record on ``topic`` so far, decoded."""
    consumer = AIOKafkaConsumer(
        prefixed(topic, iso.topic_prefix), bootstrap_servers=ports.kafka_bootstrap(), auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        found: list[Message] = []
        while batch := await consumer.getmany(timeout_ms=1500):
            for records in batch.values():
                found.extend(
                    m for r in records if isinstance(m := decode_record(r.value, list(r.headers or ())), Message)
                )
        return found
    finally:
        await consumer.stop()


async def glue_tables(prefix: str) -> dict[str, list[dict[str, Any]]]:
    """Tables of every moto database starting with ``prefix``."""
    session = aioboto3.Session(region_name=REGION)
    async with session.client("glue", endpoint_url=ports.glue_endpoint()) as glue:
        databases = [d["Name"] for d in (await glue.get_databases())["DatabaseList"] if d["Name"].startswith(prefix)]
        return {name: (await glue.get_tables(DatabaseName=name))["TableList"] for name in databases}


async def test_a_throttled_failing_tenant_never_stalls_the_other(deployment: Deployment) -> None:
    d = deployment
    alone = await d.sync(HEALTHY)  # creates beta's tables
    assert (alone["status"], alone["failed_assets"]) == ("succeeded", 0)
    assert (await d.sync(FAILING))["status"] == "succeeded"  # alpha has tables too, before its troubles
    alone = await d.sync(HEALTHY)  # the same full sync again, alone: what beside-the-storm compares with

    failing_url = d.tenants[FAILING].url
    await d.sims.post(f"{failing_url}/_sim/faults", json={"kind": "server_error", "path": "*BENCH_002*"})
    await d.sims.post(
        f"{failing_url}/_sim/faults", json={"kind": "rate_limited", "path": "*BENCH_001*", "retry_after": 20}
    )
    stormy = [await d.request(FAILING) for _ in range(2)]  # every one of alpha's job slots taken
    async with asyncio.timeout(60):
        while "429" not in (await d.sim_stats(FAILING))["by_status"] or not await running(d, stormy):  # noqa: ASYNC110
            await asyncio.sleep(0.1)
    beside = await d.sync(HEALTHY)
    alpha_now = [(await d.job(job_id)).json()["phase"] for job_id in stormy]
    statuses = (await d.sim_stats(FAILING))["by_status"]
    print(f"\nbeta full sync alone: {seconds(alone):.2f} s; beside alpha's 429 storm and 500s: {seconds(beside):.2f} s")
    print(f"alpha's jobs meanwhile: {alpha_now}, its simulator answered {statuses}")
    assert (beside["status"], beside["failed_assets"], beside["counted"]) == ("succeeded", 0, alone["counted"])
    assert alpha_now == ["running", "running"]  # still throttled, holding both of alpha's slots, when beta was done
    assert statuses["429"] >= 1
    assert statuses["500"] >= 1
    await check_access(d, stormy[0], beside["job_id"])
    for job_id in stormy:
        await d.extractor.post(f"/jobs/{job_id}/cancel", json={"reason": "test over"})
    await check_schedules(d)
    await check_sweeps(d)
    await check_nothing_crossed(d)


async def running(d: Deployment, job_ids: list[str]) -> bool:
    phases = [(await d.job(job_id)).json()["phase"] for job_id in job_ids]
    return phases == ["running"] * len(job_ids)


async def check_access(d: Deployment, alpha_job: str, beta_job: str) -> None:
    """A principal limited to beta sees and acts on beta only."""
    beta_only = local_headers(role="operator", subject="test:beta-op", tenants=[HEALTHY])
    listed = (await d.extractor.get("/jobs", headers=beta_only)).json()
    assert {job["tenant"] for job in listed} == {HEALTHY}
    assert (await d.job(alpha_job, beta_only)).status_code == 404
    assert (await d.job(beta_job, beta_only)).status_code == 200
    refused = await d.extractor.post("/jobs", json={"tenant": FAILING}, headers=beta_only)
    assert refused.status_code == 403
    own_events = await d.audit.get(f"/jobs/{beta_job}/events", params={"limit": 200}, headers=beta_only)
    assert own_events.status_code == 200
    assert own_events.json()["items"]
    assert {event["tenant"] for event in own_events.json()["items"]} == {HEALTHY}
    others = await d.audit.get(f"/jobs/{alpha_job}/events", params={"limit": 200}, headers=beta_only)
    assert others.status_code == 404 or others.json()["items"] == []
    alpha_jobs = (await d.extractor.get("/jobs", params={"tenant": FAILING})).json()
    assert alpha_jobs
    assert {job["tenant"] for job in alpha_jobs} == {FAILING}


async def check_schedules(d: Deployment) -> None:
    """A schedule requests its own tenant's jobs; a caller limited to beta sees only beta's schedules."""
    ids = {}
    for tenant in (FAILING, HEALTHY):
        body = {"schedule_id": f"nightly-{tenant}", "cron": "0 2 * * *", "mode": "full", "tenant": tenant}
        response = await d.extractor.post("/schedules", json=body)
        assert response.status_code == 201, response.text
        ids[tenant] = response.json()
    beta_only = local_headers(role="operator", subject="test:beta-op", tenants=[HEALTHY])
    listed = (await d.extractor.get("/schedules", headers=beta_only)).json()
    assert [s["schedule_id"] for s in listed] == [f"nightly-{HEALTHY}"]
    bad = {"cron": "0 2 * * *", "tenant": FAILING}
    assert (await d.extractor.post("/schedules", json=bad, headers=beta_only)).status_code == 403
    extractor = d.state(0, "extractor")
    beta_schedule = ids[HEALTHY]
    fired = await extractor.schedules.fire_due(datetime.fromisoformat(beta_schedule["next_fire_at"]))
    jobs = {job["schedule_id"]: job for job in [(await d.job(job_id)).json() for job_id in fired]}
    assert {name: job["tenant"] for name, job in jobs.items()} == {f"nightly-{t}": t for t in (FAILING, HEALTHY)}
    beta = await d.wait(jobs[f"nightly-{HEALTHY}"]["job_id"], finished)
    assert beta["status"] == "succeeded"
    await d.extractor.post(f"/jobs/{jobs[f'nightly-{FAILING}']['job_id']}/cancel", json={"reason": "test over"})


async def check_sweeps(d: Deployment) -> None:
    """A table beta deprecated is proposed for deletion by beta's sweeper only, as beta's."""
    beta = d.tenants[HEALTHY]
    async with httpx.AsyncClient() as http:
        token = await http.post(beta.token_url, data={"grant_type": "client_credentials"}, auth=("bench-sync", SECRET))
        headers = {"authorization": f"Bearer {token.json()['access_token']}"}
        gone = f"{beta.url}/dwaas-core/api/v1/spaces/BENCH_001/localtables/T_BENCH_001_00001"
        assert (await http.delete(gone, headers=headers)).is_success
    job = await d.sync(HEALTHY)
    assert job["counts"]["deprecated"] == 1
    later = datetime.now(UTC) + timedelta(days=60)
    proposed = {sweeper.tenant: await sweeper.sweep_once(later) for sweeper in d.state(2, "glue-writer").sweepers}
    assert proposed[FAILING] == []
    [proposal] = proposed[HEALTHY]
    assert (proposal.tenant, proposal.table) == (HEALTHY, "t_bench_001_00001")
    assert proposal.database.startswith(beta.prefix)


async def check_nothing_crossed(d: Deployment) -> None:
    """Glue databases, events on every topic and the audit's stored events each stay with their tenant."""
    prefix = {name: tenant.prefix for name, tenant in d.tenants.items()}
    for name in d.tenants:
        tables = await glue_tables(prefix[name])
        assert tables, f"{name} has no Glue database"
        owners = {t["Parameters"]["mdsync.asset_id"].split("/")[0] for ts in tables.values() for t in ts}
        assert owners == {name}
    jobs: dict[str, str] = {}
    for topic in (SYNC_JOBS, ASSET_CHANGES, GLUE_COMMANDS, GLUE_RESULTS):
        for message in await messages(d.iso, topic):
            assert message.tenant in d.tenants
            if message.job_id:
                assert jobs.setdefault(message.job_id, message.tenant) == message.tenant
            if message.asset_id:
                assert message.asset_id.startswith(f"{message.tenant}/")
            database = message.database_input.name if isinstance(message, EnsureDatabase) else None
            database = database or getattr(message, "database", None)
            if database:
                assert database.startswith(prefix[message.tenant]), (message.tenant, database)
    assert set(jobs.values()) == set(d.tenants)
    reports = [m for m in await messages(d.iso, DATASPHERE_CREDENTIALS) if isinstance(m, CredentialsReported)]
    reported = {(m.tenant, m.client_id) for m in reports}
    assert reported == {(name, "bench-sync") for name in d.tenants}
    beta_job = next(j for j, t in jobs.items() if t == HEALTHY)
    async with asyncio.timeout(60):
        while not (await audit_events(d, beta_job)):  # noqa: ASYNC110
            await asyncio.sleep(0.2)
    for job_id, tenant in jobs.items():
        assert {event["tenant"] for event in await audit_events(d, job_id)} <= {tenant}
    assert await audit_events(d, beta_job, tenant=HEALTHY)
    assert await audit_events(d, beta_job, tenant=FAILING) == []


async def audit_events(d: Deployment, job_id: str, tenant: str | None = None) -> list[dict[str, Any]]:
    """The audit's stored events of one job (first page), of ``tenant`` only if given."""
    params: dict[str, Any] = {"limit": 200} | ({"tenant": tenant} if tenant else {})
    response = await d.audit.get(f"/jobs/{job_id}/events", params=params)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items
