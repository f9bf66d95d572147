"""A model whose source (in another space) arrives while the model is being mapped ends typed in the commands.

The cause of the e2e "converges only on the second full sync": partitions run concurrently, so the follow-up
re-map of the model (no job id, started by its source's arrival) could publish its typed table before the
model's own, older evaluation published the untyped one; the glue-writer then applied the stale one last.
Real store, Kafka and moto; only the model's first Glue read is held, to open that window on purpose.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from pathlib import Path

import pytest

from mdsync_contracts.assets import AssetChange, AssetDefinition, AssetUpserted
from mdsync_contracts.base import Environment
from mdsync_contracts.glue import UpsertTable
from mdsync_contracts.glue_model import TableInput
from mdsync_contracts.topics import GLUE_COMMANDS
from mdsync_mapper.glue import GlueReader
from mdsync_mapper.pipeline import Pipeline
from mdsync_mapper.rulesets import RuleSets
from mdsync_mapper.settings import DEFAULT_RULES_DIR
from mdsync_mapper.store import MapperStore
from mdsync_runtime import ports
from mdsync_runtime.aws import ClientProfile
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.store import connect_store
from mdsync_runtime.testing import isolated, read_messages

pytestmark = pytest.mark.integration

REGION = "eu-central-1"


class HeldGlue(GlueReader):
    """The devstack moto; the first read of one table waits until released."""

    def __init__(self, held: str) -> None:
        super().__init__(ClientProfile(endpoint_url=ports.glue_endpoint(), region=REGION))
        self.held, self.reading, self.release = held, asyncio.Event(), asyncio.Event()

    async def table(self, database: str, table: str) -> TableInput | None:
        if table == self.held and not self.reading.is_set():
            self.reading.set()
            await self.release.wait()
        return await super().table(database, table)


def _asset(space: str, name: str, kind: str, cds_type: str | None, **fields: object) -> AssetDefinition:
    column = {"name": "AMOUNT", "position": 0, "cds_type": cds_type, "precision": 15 if cds_type else None}
    data = {"tenant": "acme", "space": space, "technical_name": name, "kind": kind, "columns": [column]}
    return AssetDefinition.model_validate({**data, **fields})


def _event(definition: AssetDefinition) -> AssetUpserted:
    return AssetUpserted.of(definition, AssetChange.CREATED, None, environment=Environment.DOG, job_id="job-late")


async def test_the_model_ends_typed_when_its_source_arrives_during_its_own_mapping(tmp_path: Path) -> None:
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing")):
        os.environ.setdefault(name, value)
    iso = await isolated(partitions=2)
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    for environment in ("dog", "wolf", "bear"):
        shutil.copy(DEFAULT_RULES_DIR / f"{environment}.yaml", tmp_path)
    dog = tmp_path / "dog.yaml"
    dog.write_text(dog.read_text().replace('database_prefix: ""', f'database_prefix: "{prefix}"'))
    rule_sets = RuleSets(tmp_path)
    rule_sets.load_all()
    source = _asset("SHARED", "SRC_AMOUNTS", "local_table", "cds.Decimal")
    model = _asset(
        "SALES",
        "AM_LATE",
        "analytic_model",
        None,
        dependencies=[{"source": {"space": "SHARED", "technical_name": "SRC_AMOUNTS"}, "kind": "from"}],
    )
    glue = HeldGlue("am_late")
    store = connect_store(ports.mongo_url())
    publisher = Publisher("test", ports.kafka_bootstrap(), iso.topic_prefix)
    await publisher.start()
    try:
        common = iso.common(tenant="acme")
        pipeline = Pipeline(MapperStore(store[iso.mongo_db]), glue, rule_sets, publisher, common)
        own = asyncio.create_task(pipeline.upserted(_event(model)))
        await asyncio.wait_for(glue.reading.wait(), 30)  # the model has looked for its source: not there yet
        late = asyncio.create_task(pipeline.upserted(_event(source)))
        await asyncio.wait({late}, timeout=3)  # before the fix, the follow-up re-map published in here
        glue.release.set()
        await asyncio.gather(own, late)
    finally:
        await publisher.stop()
        await glue.close()
        await store.drop_database(iso.mongo_db)
        await store.close()
    commands = await read_messages(GLUE_COMMANDS, iso.topic_prefix, 100, wait_seconds=5)
    upserts = [c for c in commands if isinstance(c, UpsertTable) and c.table == "am_late"]
    assert len(upserts) == 2, upserts
    [column] = upserts[-1].table_input.storage_descriptor.columns
    assert column.parameters is not None
    assert column.parameters.get("sap.type_source") == "acme/SHARED/SRC_AMOUNTS#AMOUNT", column
    assert upserts[0].job_id == "job-late"
    assert upserts[1].job_id is None
