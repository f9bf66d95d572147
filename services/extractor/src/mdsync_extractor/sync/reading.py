"""Reading and normalizing a job's objects with a bounded pool, retrying transient failures in later passes."""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.topics import asset_key
from mdsync_extractor.core.normalize import NormalizationError, normalize
from mdsync_extractor.core.retry import RetryPolicy
from mdsync_extractor.datasphere import DatasphereClient, DatasphereError, LoginPageError, ObjectSummary, ObjectType
from mdsync_extractor.state.seen import SeenRecord
from mdsync_runtime.errors import TransientError


@dataclass(frozen=True)
class AssetFailure:
    """An object that could not be read or normalized, and why."""

    asset_id: str
    reason: str
    transient: bool


@dataclass
class Reading:
    """What a read pass produced."""

    definitions: dict[str, AssetDefinition] = field(default_factory=dict)
    failures: dict[str, AssetFailure] = field(default_factory=dict)
    cancelled: bool = False


@dataclass(frozen=True)
class ReadContext:
    """Everything a read needs besides the object."""

    client: DatasphereClient
    tenant: str
    known_spaces: Collection[str]
    workers: int
    cancel: asyncio.Event


async def read_all(context: ReadContext, objects: Sequence[ObjectSummary], policy: RetryPolicy) -> Reading:
    """Read every object; transient failures are retried in later passes with backoff, up to the policy's limit."""
    reading = Reading()
    pending = list(objects)
    attempt = 1
    while pending and not reading.cancelled:
        failed = await _read_pass(context, pending, reading)
        delay = policy.delay_before_next(attempt, transient=True)
        retry = [obj for obj in failed if reading.failures[_id(context, obj)].transient]
        if delay is None or not retry:
            break
        await _sleep_unless_cancelled(delay, context.cancel)
        reading.cancelled = context.cancel.is_set()
        pending, attempt = retry, attempt + 1
    for asset_id in reading.definitions:
        reading.failures.pop(asset_id, None)
    return reading


async def read_sources(
    context: ReadContext, wanted: Collection[str], known: Mapping[str, SeenRecord], policy: RetryPolicy
) -> dict[str, AssetDefinition]:
    """The ``wanted`` assets the last-seen state knows (and so their type), read only to type analytic-model
    columns of a job that did not list them; one that cannot be read leaves those columns untyped."""
    types = {object_type.kind: object_type for object_type in ObjectType}
    objects = [
        ObjectSummary(space=r.space, object_type=types[r.kind], technical_name=r.technical_name)
        for asset_id, r in sorted(known.items())
        if asset_id in wanted
    ]
    return (await read_all(context, objects, policy)).definitions if objects else {}


async def _read_pass(context: ReadContext, objects: Sequence[ObjectSummary], reading: Reading) -> list[ObjectSummary]:
    queue: asyncio.Queue[ObjectSummary] = asyncio.Queue()
    for obj in objects:
        queue.put_nowait(obj)
    failed: list[ObjectSummary] = []

    async def worker() -> None:
        while not queue.empty():
            if context.cancel.is_set():  # cancel takes effect between assets
                reading.cancelled = True
                return
            obj = queue.get_nowait()
            if not await _read_one(context, obj, reading):
                failed.append(obj)

    async with asyncio.TaskGroup() as group:
        for _ in range(min(context.workers, len(objects))):
            group.create_task(worker())
    return failed


async def _read_one(context: ReadContext, obj: ObjectSummary, reading: Reading) -> bool:
    asset_id = _id(context, obj)
    try:
        raw = await context.client.read_object(obj.space, obj.object_type, obj.technical_name)
        definition = normalize(
            context.tenant,
            obj.space,
            obj.object_type,
            raw.body,
            known_spaces=context.known_spaces,
            name=obj.technical_name,
        )
    except NormalizationError as error:
        reading.failures[asset_id] = AssetFailure(asset_id, str(error), transient=False)
        return False
    except DatasphereError as error:
        transient = isinstance(error, TransientError | LoginPageError)
        reading.failures[asset_id] = AssetFailure(asset_id, str(error), transient)
        return False
    except Exception as error:  # a bug on one object must not stop the others; it is recorded as its outcome
        reason = f"cannot normalize {asset_id}: unexpected {type(error).__name__}: {error}"
        reading.failures[asset_id] = AssetFailure(asset_id, reason, transient=False)
        return False
    reading.definitions[asset_id] = definition
    return True


def _id(context: ReadContext, obj: ObjectSummary) -> str:
    return asset_key(context.tenant, obj.space, obj.technical_name)


async def _sleep_unless_cancelled(seconds: float, cancel: asyncio.Event) -> None:
    try:
        await asyncio.wait_for(cancel.wait(), timeout=seconds)
    except TimeoutError:
        return
