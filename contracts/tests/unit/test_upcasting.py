"""A stored v1 payload is lifted by its upcaster when read by a v2 model (the v2 lives only here)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from pydantic import Field

from mdsync_contracts.assets import AssetDeleted
from mdsync_contracts.registry import decode, decode_as
from mdsync_contracts.upcasting import Payload, upcaster

V1_PAYLOAD = (Path(__file__).parents[1] / "fixtures" / "asset_deleted_v1.json").read_bytes()


class AssetDeletedV2(AssetDeleted):
    """AssetDeleted as it might grow: v2 requires who noticed the deletion."""

    CE_TYPE: ClassVar[str] = "mdsync.test.asset.deleted"

    schema_version: int = Field(default=2, description="Schema version.", examples=[2])
    noticed_by: str = Field(description="Who noticed the deletion.", examples=["extractor"])


class AssetDeletedV3(AssetDeletedV2):
    """A v3 whose 2 → 3 upcaster was never written."""

    CE_TYPE: ClassVar[str] = "mdsync.test.asset.deleted.v3"

    schema_version: int = Field(default=3, description="Schema version.", examples=[3])


@upcaster(AssetDeletedV2.CE_TYPE, from_version=1)
def _v1_to_v2(payload: Payload) -> Payload:
    return {**payload, "noticed_by": "extractor" if payload["reason"] == "vanished" else "operator"}


def test_the_v1_fixture_is_lifted_to_v2() -> None:
    message = decode_as(AssetDeletedV2, V1_PAYLOAD)

    assert (message.schema_version, message.noticed_by) == (2, "extractor")
    assert (message.asset_id, message.reason.value) == ("acme/FINANCE/V_GL_BALANCES", "vanished")


def test_the_v1_fixture_still_reads_with_the_current_contract() -> None:
    message = decode(AssetDeleted.CE_TYPE, V1_PAYLOAD)

    assert isinstance(message, AssetDeleted)
    assert message.key() == "acme/FINANCE/V_GL_BALANCES"


def test_a_missing_step_is_named() -> None:
    with pytest.raises(ValueError, match=r"no upcaster for mdsync\.test\.asset\.deleted\.v3 from schema version 1"):
        decode_as(AssetDeletedV3, V1_PAYLOAD)


def test_a_step_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="already registered"):
        upcaster(AssetDeletedV2.CE_TYPE, from_version=1)(_v1_to_v2)
