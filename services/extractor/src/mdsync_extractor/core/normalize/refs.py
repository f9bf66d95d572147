"""Object references in CSN: bare names are in the same space, `OTHER.OBJECT` is a cross-space (shared) one."""

from __future__ import annotations

from collections.abc import Collection

from mdsync_contracts.asset_model import ObjectRef


def resolve_ref(name: str, space: str, known_spaces: Collection[str]) -> ObjectRef:
    """The object ``name`` refers to from ``space``.

    Technical names may contain dots (`SAP.TIME.VIEW_DIMENSION_DAY`), so the part before the first dot counts
    as a space only when it is a known space other than the referring one.
    """
    prefix, dot, rest = name.partition(".")
    if dot and rest and prefix != space and prefix in known_spaces:
        return ObjectRef(space=prefix, technical_name=rest)
    return ObjectRef(space=space, technical_name=name)


def default_alias(name: str) -> str:
    """The alias CDS gives a source without `as`: the last dot-separated part of its name."""
    return name.rsplit(".", 1)[-1]
