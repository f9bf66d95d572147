"""Builders of fixture bodies (CSN for tables and views) shared by the demo tenant and the generator."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mdsync_devstack.datasphere.fixtures import ObjectType

_SPEC = re.compile(r"^(?P<type>[\w.]+)(?:\((?P<a>\d+)(?:,(?P<b>\d+))?\))?$")
_FLAG_ANNOTATIONS: dict[str, dict[str, Any]] = {
    "dim": {"@Analytics.dimension": True},
    "measure": {"@AnalyticsDetails.measureType": {"#": "BASE"}, "@Aggregation.default": {"#": "SUM"}},
    "currency": {"@Semantics.currencyCode": True},
    "unit": {"@Semantics.unitOfMeasure": True},
    "text": {"@Semantics.text": True},
    "date": {"@Semantics.date": True},
}
_VALUE_ANNOTATIONS: dict[str, Callable[[str], dict[str, Any]]] = {
    "amount": lambda v: {"@Semantics.amount.currencyCode": {"=": v}},
    "qty": lambda v: {"@Semantics.quantity.unitOfMeasure": {"=": v}},
    "textel": lambda v: {"@ObjectModel.text.element": [{"=": v}]},
    "cal": lambda v: {f"@Semantics.calendar.{v}": True},
    "native": lambda v: {"@DataWarehouse.native.dataType": v},
}


@dataclass(frozen=True)
class Col:
    """A column: CDS type with facets, label, key/not-null and annotations."""

    name: str
    type: str
    label: str
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    key: bool = False
    not_null: bool = False
    annotations: Mapping[str, Any] = field(default_factory=dict)

    def element(self) -> dict[str, Any]:
        """The CSN element of this column."""
        body: dict[str, Any] = {"type": self.type}
        facets = {"length": self.length, "precision": self.precision, "scale": self.scale}
        body.update({k: v for k, v in facets.items() if v is not None})
        body.update({"key": True} if self.key else {})
        body.update({"notNull": True} if self.not_null else {})
        return {**body, "@EndUserText.label": self.label, **self.annotations}

    def as_key(self) -> Col:
        """This column as a (not-null) key."""
        return Col(**{**self.__dict__, "key": True, "not_null": True})

    def with_annotations(self, **annotations: Any) -> Col:
        """This column with more annotations (keys written without the leading @)."""
        extra = {f"@{key.replace('__', '.')}": value for key, value in annotations.items()}
        return Col(**{**self.__dict__, "annotations": {**self.annotations, **extra}})


def col(name: str, spec: str, label: str, *flags: str) -> Col:
    """A column from a compact spec: ``col("NETWR", "Decimal(15,2)", "Net Value", "measure", "amount=WAERK")``."""
    match = _SPEC.match(spec)
    if match is None:
        raise ValueError(f"bad type spec {spec!r} for column {name}")
    cds = match["type"] if match["type"].startswith("cds.") else f"cds.{match['type']}"
    first, second = (int(match[g]) if match[g] else None for g in ("a", "b"))
    is_decimal = cds in ("cds.Decimal",)
    annotations: dict[str, Any] = {}
    for flag in flags:
        name_, _, value = flag.partition("=")
        if value:
            annotations.update(_VALUE_ANNOTATIONS[name_](value))
        elif flag not in ("key", "notnull"):
            annotations.update(_FLAG_ANNOTATIONS[flag])
    return Col(
        name=name,
        type=cds,
        label=label,
        length=None if is_decimal else first,
        precision=first if is_decimal else None,
        scale=second if is_decimal else None,
        key="key" in flags,
        not_null="key" in flags or "notnull" in flags,
        annotations=annotations,
    )


@dataclass(frozen=True)
class Table:
    """A named list of columns."""

    name: str
    label: str
    cols: tuple[Col, ...]

    def pick(self, *names: str) -> list[Col]:
        """The named columns, in the order given."""
        by_name = {c.name: c for c in self.cols}
        return [by_name[n] for n in names]

    @property
    def keys(self) -> list[str]:
        """Names of the key columns."""
        return [c.name for c in self.cols if c.key]


@dataclass(frozen=True)
class Fixture:
    """One fixture file: ``spaces/<space>/<type>/<name>.json``."""

    space: str
    type: ObjectType
    name: str
    body: dict[str, Any]

    def write(self, root: Path) -> None:
        """Write the body under ``root``."""
        path = root / "spaces" / self.space / self.type.value / f"{self.name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.body, indent=2, ensure_ascii=False) + "\n")


def csn(name: str, definition: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """``{"definitions": {name: definition}, **extra}``."""
    return {"definitions": {name: dict(definition)}, **extra}


def elements(cols: Iterable[Col]) -> dict[str, Any]:
    """CSN elements of columns, in order."""
    return {c.name: c.element() for c in cols}


def pattern(name: str) -> dict[str, Any]:
    """``@ObjectModel.modelingPattern`` and ``supportedCapabilities`` for a pattern."""
    capabilities = [{"#": name}] if name == "DATA_STRUCTURE" else [{"#": "ANALYTICAL_PROVIDER"}, {"#": name}]
    return {"@ObjectModel.modelingPattern": {"#": name}, "@ObjectModel.supportedCapabilities": capabilities}


def local_table(space: str, table: Table, **annotations: Any) -> Fixture:
    """A local table."""
    definition = {"kind": "entity", "@EndUserText.label": table.label, **pattern("DATA_STRUCTURE")}
    definition.update({"@cds.persistence.exists": True, **annotations, "elements": elements(table.cols)})
    return Fixture(space, ObjectType.LOCAL_TABLES, table.name, csn(table.name, definition))


def remote_table(space: str, name: str, source: Table, connection: str, entity: str) -> Fixture:
    """A remote table mirroring ``source`` through ``connection``; ``entity`` as the remote names it."""
    cols = [c.with_annotations(DataWarehouse__native__dataType=native_type(c)) for c in source.cols]
    definition = {
        "kind": "entity",
        "@EndUserText.label": source.label,
        **pattern("DATA_STRUCTURE"),
        "@DataWarehouse.remote.connection": connection,
        "@DataWarehouse.remote.entity": entity,
        "elements": elements(cols),
    }
    return Fixture(space, ObjectType.REMOTE_TABLES, name, csn(name, definition))


_NATIVE = {
    "cds.String": "NVARCHAR",
    "cds.LargeString": "NCLOB",
    "cds.Decimal": "DECIMAL",
    "cds.Integer": "INTEGER",
    "cds.Integer64": "BIGINT",
    "cds.Date": "DATE",
    "cds.Time": "TIME",
    "cds.Timestamp": "TIMESTAMP",
    "cds.DateTime": "SECONDDATE",
    "cds.Double": "DOUBLE",
    "cds.Boolean": "BOOLEAN",
    "cds.Binary": "VARBINARY",
    "cds.LargeBinary": "BLOB",
    "cds.UUID": "NVARCHAR",
}


def native_type(c: Col) -> str:
    """The HANA type name a remote source reports for a column."""
    return _NATIVE.get(c.type, c.type.rsplit(".", 1)[-1])


def source_ref(source: str, alias: str | None = None) -> dict[str, Any]:
    """``{"ref": [source], "as": alias}``."""
    return {"ref": [source], **({"as": alias} if alias else {})}


def columns(alias: str | None, names: Sequence[str]) -> list[dict[str, Any]]:
    """Column refs ``{"ref": [alias, name]}`` (or bare names without an alias)."""
    return [{"ref": [alias, n] if alias else [n]} for n in names]


def on_equal(left: str, right: str, pairs: Sequence[tuple[str, str]]) -> list[Any]:
    """``left.a = right.b and …`` as a CSN ``on`` expression."""
    expression: list[Any] = []
    for a, b in pairs:
        expression += (["and"] if expression else []) + [{"ref": [left, a]}, "=", {"ref": [right, b]}]
    return expression


def join(kind: str, left: dict[str, Any], right: dict[str, Any], on: list[Any]) -> dict[str, Any]:
    """A join ``from``: ``{"join": kind, "args": [left, right], "on": on}``."""
    return {"join": kind, "args": [left, right], "on": on}


def union(*selects: dict[str, Any]) -> dict[str, Any]:
    """``{"SET": {"op": "union", "all": true, "args": [...]}}`` over SELECT queries."""
    return {"SET": {"op": "union", "all": True, "args": list(selects)}}
