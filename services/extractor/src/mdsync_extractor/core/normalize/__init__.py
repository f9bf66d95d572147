"""Normalize Datasphere objects (CSN, or EDMX where only that is available) into AssetDefinition."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from pydantic import ValidationError

from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.topics import asset_key
from mdsync_extractor.core.normalize.analytic import resolve_analytic_columns, unresolved_sources
from mdsync_extractor.core.normalize.csn import read_csn
from mdsync_extractor.core.normalize.edmx import normalize_edmx
from mdsync_extractor.core.normalize.entity import normalize_entity
from mdsync_extractor.core.normalize.errors import Malformed, NormalizationError
from mdsync_extractor.core.normalize.flows import read_flow
from mdsync_extractor.datasphere.models import ObjectType

__all__ = ["NormalizationError", "normalize", "normalize_edmx", "resolve_analytic_columns", "unresolved_sources"]


def normalize(
    tenant: str,
    space: str,
    object_type: ObjectType,
    raw: dict[str, Any],
    *,
    known_spaces: Collection[str],
    exposed_in_catalog: bool | None = None,
    name: str | None = None,
) -> AssetDefinition:
    """Normalize one design-time object body (as `read_object` returns it).

    ``known_spaces`` tells cross-space references (`SPACE.OBJECT`) from dotted names; ``exposed_in_catalog``
    overrides exposure read from the CSN; ``name`` picks the object when the body holds several definitions.
    Raises NormalizationError naming the asset and what was unknown or malformed.
    """
    asset_id = asset_key(tenant, space, name or _guess_name(object_type, raw))
    try:
        if object_type.is_csn:
            csn = read_csn(raw, name)
            return normalize_entity(tenant, space, object_type.kind, csn, known_spaces, exposed_in_catalog)
        flow_name, flow = read_flow(object_type.kind, object_type.value, raw, name, space, known_spaces)
        return AssetDefinition(
            tenant=tenant,
            space=space,
            technical_name=flow_name,
            asset_id=asset_key(tenant, space, flow_name),
            kind=object_type.kind,
            label=flow.label,
            flow=flow.io,
            dependencies=tuple(flow.dependencies()),
        )
    except Malformed as error:
        raise NormalizationError(asset_id, str(error)) from None
    except ValidationError as error:  # a value the asset model rejects, e.g. a negative length
        raise NormalizationError(asset_id, f"invalid value: {error.errors()[0]['msg']}") from None


def _guess_name(object_type: ObjectType, raw: dict[str, Any]) -> str:
    """The object's name for error messages, when the caller gave none."""
    root = raw.get("definitions" if object_type.is_csn else object_type.value)
    return str(next(iter(root))) if isinstance(root, dict) and len(root) == 1 else "?"
