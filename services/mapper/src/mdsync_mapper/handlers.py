"""Kafka handlers of the mapper service: decode → core → publish; and the service's composition."""

from __future__ import annotations

from dataclasses import dataclass

from mdsync_contracts.assets import AssetDeleted, AssetUpserted
from mdsync_mapper.activation import Activation
from mdsync_mapper.glue import GlueReader, glue_profile, tenant_readers
from mdsync_mapper.pipeline import Pipeline
from mdsync_mapper.rulesets import RuleSets
from mdsync_mapper.settings import MapperSettings
from mdsync_mapper.store import MapperStore
from mdsync_runtime.router import Delivery, Router
from mdsync_runtime.service import Runtime
from mdsync_runtime.tenants import load_tenants

STATE_KEY = "mapper"


@dataclass
class MapperParts:
    """The mapper's long-lived objects, kept in ``runtime.state``."""

    pipeline: Pipeline
    activation: Activation
    glue: GlueReader
    tenant_glue: dict[str, GlueReader]


def compose(runtime: Runtime) -> MapperParts:
    """Build the mapper's objects; fails fast when this environment's rule file was never valid."""
    settings = runtime.settings
    assert isinstance(settings, MapperSettings)
    rule_sets = RuleSets(settings.rules_dir)
    rule_sets.load_all()
    rule_sets.get(runtime.common.env)  # raises the located errors of an invalid own rule file
    profile = glue_profile(settings)
    glue = GlueReader(profile, settings.glue_concurrency)
    tenants = load_tenants()
    tenant_glue = tenant_readers(profile, tenants, settings.glue_concurrency)
    store = MapperStore(runtime.db)
    pipeline = Pipeline(store, glue, rule_sets, runtime.publisher, runtime.common, tenants, tenant_glue)
    activation = Activation(rule_sets, pipeline, runtime.publisher, settings.replan_concurrency)
    return MapperParts(pipeline, activation, glue, tenant_glue)


def parts(runtime: Runtime) -> MapperParts:
    """The mapper's objects of a running service."""
    found = runtime.state[STATE_KEY]
    assert isinstance(found, MapperParts)
    return found


def build_router(runtime: Runtime) -> Router:
    """Consume asset changes: upserts map to Glue commands, deletions retire owned tables."""
    runtime.state[STATE_KEY] = mapper = compose(runtime)
    router = Router()

    @router.on(AssetUpserted)
    async def upserted(message: AssetUpserted, delivery: Delivery) -> None:
        await mapper.pipeline.upserted(message)

    @router.on(AssetDeleted)
    async def deleted(message: AssetDeleted, delivery: Delivery) -> None:
        await mapper.pipeline.deleted(message)

    return router


async def stop(runtime: Runtime) -> None:
    """Cancel re-plans and close the Glue client."""
    mapper = runtime.state.get(STATE_KEY)
    if isinstance(mapper, MapperParts):
        await mapper.activation.stop()
        await mapper.glue.close()
        for reader in mapper.tenant_glue.values():
            await reader.close()
