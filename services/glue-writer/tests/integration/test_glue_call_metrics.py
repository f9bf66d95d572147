"""Glue calls are counted by operation and outcome (ok, or the AWS error code) in the Prometheus exposition."""

from __future__ import annotations

import contextlib
import os
import uuid

import pytest
from botocore.exceptions import ClientError
from prometheus_client.parser import text_string_to_metric_families

from mdsync_contracts.base import Environment
from mdsync_glue_writer.glue_client import GlueClients, count_calls, resolve_profile
from mdsync_runtime import metrics

from .conftest import Fault, GlueFaults, moto_settings

pytestmark = pytest.mark.integration
CALLS = "mdsync_glue_calls_total"


def counted(operation: str, outcome: str) -> float:
    """Glue calls of ``operation`` that ended in ``outcome``, in this process's exposition."""
    text = metrics.exposition()[0].decode()
    samples = (sample for family in text_string_to_metric_families(text) for sample in family.samples)
    labels = {"rpc_method": operation, "outcome": outcome}
    return sum(s.value for s in samples if s.name == CALLS and labels.items() <= s.labels.items())


async def test_glue_calls_are_counted_by_operation_and_outcome() -> None:
    metrics.setup_metrics("glue-writer", "demo", "dog")
    outcomes = [("GetDatabase", "InternalServiceException"), ("GetDatabase", "EntityNotFoundException")]
    outcomes.append(("GetDatabases", "ok"))
    before = {outcome: counted(*outcome) for outcome in outcomes}
    clients, faults = GlueClients(resolve_profile(moto_settings(), Environment.DOG, os.environ)), GlueFaults()
    clients.on_open(count_calls)
    clients.on_open(faults.attach)
    faults.inject(Fault("GetDatabase", "InternalServiceException", times=1, status=500))
    try:
        client = await clients.get()
        for _ in range(2):  # the injected 500, then moto's answer for a database nobody created
            with contextlib.suppress(ClientError):
                await client.get_database(Name=f"it_{uuid.uuid4().hex[:12]}")
        await client.get_databases()
    finally:
        await clients.close()

    assert {outcome: counted(*outcome) - before[outcome] for outcome in outcomes} == dict.fromkeys(outcomes, 1)
