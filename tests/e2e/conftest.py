"""End-to-end fixtures: every service started by `mdsync services up` on an isolated prefix, db, region and ports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest

from mdsync_runtime import ports
from mdsync_runtime.auth.client import local_token
from mdsync_runtime.auth.settings import AuthSettings
from mdsync_runtime.testing import isolated

REPO = Path(__file__).resolve().parents[2]
DEMO_TENANT = REPO / "devstack" / "tenants" / "demo"
GOLDEN = Path(__file__).with_name("golden") / "demo_glue_catalog.json"
# A moto region of its own keeps this suite's Glue catalog apart from the demo's and other suites'.
REGION = "eu-west-3"
E2E_PORTS = {"extractor": 18201, "mapper": 18202, "glue-writer": 18203, "audit": 18204, "agent": 18205, "ui": 18251}
SERVICE_ENV = {
    "extractor": "EXTRACTOR",
    "mapper": "MAPPER",
    "glue-writer": "GLUE_WRITER",
    "audit": "AUDIT",
    "agent": "AGENT",
}
VOLATILE_TABLE_KEYS = (
    "CreateTime",
    "UpdateTime",
    "LastAccessTime",
    "VersionId",
    "CatalogId",
    "IsRegisteredWithLakeFormation",
)


@dataclass
class Stack:
    """The running e2e services: their environment and small clients for their APIs, moto and the simulator."""

    env: dict[str, str]
    state: Path
    created_objects: list[tuple[str, str, str]] = field(default_factory=list)
    second_sync: dict[str, Any] = field(default_factory=dict)

    def url(self, service: str) -> str:
        """Base URL of one of this stack's services."""
        return f"http://{ports.HOST}:{E2E_PORTS[service]}"

    def headers(self) -> dict[str, str]:
        """An admin's bearer token from this stack's local issuer (its keys live in the stack's state folder)."""
        token = local_token("admin", subject="e2e", settings=AuthSettings(key_dir=self.state / "auth"))
        return {"Authorization": f"Bearer {token}"}

    def api(self, service: str, method: str, path: str, body: Any = None) -> Any:
        """One JSON call to a service as an admin; raises on HTTP errors."""
        url = f"{self.url(service)}{path}"
        response = httpx.request(method, url, json=body, headers=self.headers(), timeout=30)
        response.raise_for_status()
        return None if response.status_code == 204 else response.json()

    def start_job(self, **body: Any) -> str:
        """Request a sync job; its id."""
        request = {
            "scope": {"spaces": [], "assets": []},
            "priority": "HIGH",
            "mode": "full",
            "dry_run": False,
            "requester": "e2e",
            **body,
        }
        return str(self.api("extractor", "POST", "/jobs", request)["job_id"])

    def wait_job(self, job_id: str, timeout: float = 120) -> dict[str, Any]:
        """Poll a job until it is finished."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job: dict[str, Any] = self.api("extractor", "GET", f"/jobs/{job_id}")
            if job["phase"] == "finished":
                return job
            time.sleep(0.5)
        raise AssertionError(f"job {job_id} not finished after {timeout} s")

    def sync(self, timeout: float = 120, **body: Any) -> dict[str, Any]:
        """Run a job to its end."""
        return self.wait_job(self.start_job(**body), timeout)

    def glue(self) -> Any:
        """A boto3 Glue client on this suite's moto region."""
        return boto3.client(
            "glue",
            endpoint_url=ports.glue_endpoint(),
            region_name=REGION,
            aws_access_key_id="e2e",
            aws_secret_access_key="e2e",
        )

    def catalog(self) -> dict[str, Any]:
        """This suite's Glue catalog, without volatile fields."""
        return catalog_snapshot(self.glue())

    def unique_name(self, stem: str) -> str:
        """An object name no other run uses."""
        return f"{stem}_{uuid.uuid4().hex[:6].upper()}"

    def sim(self, method: str, path: str, body: Any = None) -> httpx.Response:
        """A design-time call to the simulator as the demo tenant's all-spaces client."""
        headers = {"Authorization": f"Bearer {_token()}", "Accept": "application/json"}
        return httpx.request(method, f"{ports.datasphere_url()}{path}", json=body, headers=headers, timeout=30)


def _token() -> str:
    tenant = json.loads((DEMO_TENANT / "tenant.json").read_text())
    client = next(c for c in tenant["clients"] if "*" in c["spaces"])
    form = {
        "grant_type": "client_credentials",
        "client_id": client["client_id"],
        "client_secret": client["client_secret"],
    }
    return str(httpx.post(ports.datasphere_token_url(), data=form, timeout=10).json()["access_token"])


def catalog_snapshot(glue: Any) -> dict[str, Any]:
    """Every database → table → definition of a Glue catalog, without times, versions and catalog ids."""
    snapshot: dict[str, Any] = {}
    for page in glue.get_paginator("get_databases").paginate():
        for database in page["DatabaseList"]:
            tables: dict[str, Any] = {}
            for tpage in glue.get_paginator("get_tables").paginate(DatabaseName=database["Name"]):
                for table in tpage["TableList"]:
                    tables[table["Name"]] = {k: v for k, v in table.items() if k not in VOLATILE_TABLE_KEYS}
            # The whole database definition: it is the space's, whichever table's write created it.
            described = {"description": database.get("Description"), "parameters": database.get("Parameters")}
            snapshot[database["Name"]] = {**described, "tables": tables}
    found: dict[str, Any] = json.loads(json.dumps(snapshot, sort_keys=True, default=str))
    return found


def _wipe_region(glue: Any) -> None:
    for page in glue.get_paginator("get_databases").paginate():
        for database in page["DatabaseList"]:
            glue.delete_database(Name=database["Name"])


def _environment(state: Path, prefix: str, mongo_db: str) -> dict[str, str]:
    env = {
        **os.environ,
        "MDSYNC_STATE_DIR": str(state),
        "MDSYNC_TOPIC_PREFIX": prefix,
        "MDSYNC_MONGO_DB": mongo_db,
        "MDSYNC_MAPPER_GLUE_REGION": REGION,
        "MDSYNC_GLUE_WRITER_REGION": REGION,
        "MDSYNC_EXTRACTOR_TENANT_DIR": str(DEMO_TENANT),
        "MDSYNC_EXTRACTOR_PROGRESS_INTERVAL_SECONDS": "0.5",
    }
    env.pop("MDSYNC_TRACE_FILE", None)
    env.pop("MDSYNC_EXTRACTOR_CLIENT_ID", None)
    for service, port in E2E_PORTS.items():
        env[ports.SERVICES[service].env] = str(port)
        if service in SERVICE_ENV:
            env[f"MDSYNC_{SERVICE_ENV[service]}_CONSUMER_GROUP"] = f"{prefix}mdsync-{service}"
    return env


@pytest.fixture(scope="session")
async def isolation() -> Any:
    """Topics under a unique prefix and a unique store database."""
    return await isolated()


@pytest.fixture(scope="session")
def stack(isolation: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Every service (and the console) running as local processes for this session; stopped at the end."""
    state = tmp_path_factory.mktemp("e2e-state")
    running = Stack(_environment(state, isolation.topic_prefix, isolation.mongo_db), state)
    _wipe_region(running.glue())
    cli = [str(Path(sys.executable).with_name("mdsync")), "services"]
    started = subprocess.run([*cli, "up"], env=running.env, capture_output=True, text=True, timeout=180)
    assert started.returncode == 0, f"services up failed: {started.stderr[-2000:]}"
    try:
        yield running
    finally:
        for space, kind, name in running.created_objects:
            running.sim("DELETE", f"/dwaas-core/api/v1/spaces/{space}/{kind}/{name}")
        subprocess.run([*cli, "down"], env=running.env, capture_output=True, timeout=120)


@pytest.fixture(scope="session")
def view(stack: Stack) -> str:
    """A new view in SALES (a copy of V_SALES_ORG_TEXT under a unique name), deleted at the end of the session."""
    name = stack.unique_name("V_E2E")
    template = json.loads((DEMO_TENANT / "spaces/SALES/views/V_SALES_ORG_TEXT.json").read_text())
    template["definitions"] = {name: template["definitions"]["V_SALES_ORG_TEXT"]}
    response = stack.sim("POST", f"/dwaas-core/api/v1/spaces/SALES/views/{name}", template)
    assert response.status_code == 201, response.text
    stack.created_objects.append(("SALES", "views", name))
    return name
