"""CDS/HANA → Glue types: exactly one Glue type per CDS type and policy, with a lossy flag."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mdsync_mapper.core.gluetypes import MAX_CHAR, MAX_DECIMAL_PRECISION, MAX_VARCHAR
from mdsync_mapper.core.rules import (
    DecimalFloatPolicy,
    FixedCharPolicy,
    SmallDecimalPolicy,
    SpatialPolicy,
    StringPolicy,
    TypePolicy,
    UuidPolicy,
    WideDecimalPolicy,
)


@dataclass(frozen=True)
class SapType:
    """A column's SAP type: the CDS name and its facets."""

    cds_type: str | None
    length: int | None = None
    precision: int | None = None
    scale: int | None = None


@dataclass(frozen=True)
class TypeMapping:
    """The Glue type chosen for a SAP type, whether it loses information, and the policy field that chose it."""

    glue_type: str
    lossy: bool
    policy: str | None = None
    note: str | None = None


Mapper = Callable[[SapType, TypePolicy], TypeMapping]


def canonical_cds(cds_type: str) -> str:
    """``cds.String`` → ``String``; ``cds.hana.nvarchar`` / ``hana.NVARCHAR`` → ``hana.NVARCHAR``."""
    name = cds_type.removeprefix("cds.")
    if name.lower().startswith("hana."):
        return "hana." + name[5:].upper()
    return name


def map_type(sap: SapType, policy: TypePolicy) -> TypeMapping:
    """The Glue type of ``sap`` under ``policy``; unknown or unresolved types become a lossy ``string``."""
    if sap.cds_type is None:
        return TypeMapping("string", lossy=True, note="type unresolved; mapped to string")
    mapper = _TABLE.get(canonical_cds(sap.cds_type))
    if mapper is None:
        return TypeMapping("string", lossy=True, note=f"unknown CDS type {sap.cds_type}; mapped to string")
    return mapper(sap, policy)


def _fixed(glue_type: str, lossy: bool = False, note: str | None = None) -> Mapper:
    return lambda sap, policy: TypeMapping(glue_type, lossy, note=note)


def _string(sap: SapType, policy: TypePolicy) -> TypeMapping:
    n = sap.length
    if policy.string is StringPolicy.VARCHAR and n is not None and 1 <= n <= MAX_VARCHAR:
        return TypeMapping(f"varchar({n})", lossy=False, policy="string")
    return TypeMapping("string", lossy=False, policy="string")


def _fixed_char(sap: SapType, policy: TypePolicy) -> TypeMapping:
    n = sap.length
    if policy.fixed_char is FixedCharPolicy.CHAR and n is not None and 1 <= n <= MAX_CHAR:
        return TypeMapping(f"char({n})", lossy=False, policy="fixed_char")
    return TypeMapping("string", lossy=False, policy="fixed_char")


def _uuid(sap: SapType, policy: TypePolicy) -> TypeMapping:
    glue_type = "char(36)" if policy.uuid is UuidPolicy.CHAR else "string"
    return TypeMapping(glue_type, lossy=False, policy="uuid")


_DECIMAL_FLOAT = {
    DecimalFloatPolicy.STRING: ("string", False),
    DecimalFloatPolicy.DOUBLE: ("double", True),
    DecimalFloatPolicy.DECIMAL_34_4: ("decimal(34,4)", True),
}


def _decimal_float(sap: SapType, policy: TypePolicy) -> TypeMapping:
    glue_type, lossy = _DECIMAL_FLOAT[policy.decimal_float]
    return TypeMapping(glue_type, lossy, policy="decimal_float")


def _decimal(sap: SapType, policy: TypePolicy) -> TypeMapping:
    p, s = sap.precision, sap.scale if sap.scale is not None else 0
    if p is None or p < 1 or not 0 <= s <= p:
        floating = _decimal_float(sap, policy)
        return TypeMapping(floating.glue_type, floating.lossy, floating.policy, "decimal without fixed precision/scale")
    if p <= MAX_DECIMAL_PRECISION:
        return TypeMapping(f"decimal({p},{s})", lossy=False)
    if policy.wide_decimal is WideDecimalPolicy.DECIMAL and p - s <= MAX_DECIMAL_PRECISION:
        kept = max(0, s - (p - MAX_DECIMAL_PRECISION))
        return TypeMapping(f"decimal(38,{kept})", lossy=True, policy="wide_decimal", note="fraction digits dropped")
    return TypeMapping("string", lossy=False, policy="wide_decimal")


def _small_decimal(sap: SapType, policy: TypePolicy) -> TypeMapping:
    if policy.small_decimal is SmallDecimalPolicy.STRING:
        return TypeMapping("string", lossy=False, policy="small_decimal")
    return TypeMapping("double", lossy=True, policy="small_decimal")


def _spatial(sap: SapType, policy: TypePolicy) -> TypeMapping:
    glue_type = "binary" if policy.spatial is SpatialPolicy.BINARY else "string"
    return TypeMapping(glue_type, lossy=True, policy="spatial", note="spatial type kept as " + glue_type)


_TEXT = ("String", "hana.NVARCHAR", "hana.VARCHAR")
_LOB = ("LargeString", "hana.NCLOB", "hana.CLOB")
_BINARY = ("Binary", "hana.BINARY", "hana.VARBINARY", "LargeBinary", "hana.BLOB")

_TABLE: dict[str, Mapper] = {
    **dict.fromkeys(_TEXT, _string),
    **dict.fromkeys(_LOB, _fixed("string")),
    **dict.fromkeys(("hana.NCHAR", "hana.CHAR"), _fixed_char),
    "UUID": _uuid,
    "Boolean": _fixed("boolean"),
    **dict.fromkeys(("Integer", "Int32", "hana.INTEGER"), _fixed("int")),
    **dict.fromkeys(("Integer64", "Int64", "hana.BIGINT"), _fixed("bigint")),
    **dict.fromkeys(("Int16", "hana.SMALLINT", "UInt8", "hana.TINYINT"), _fixed("smallint")),
    **dict.fromkeys(("Decimal", "hana.DECIMAL"), _decimal),
    "DecimalFloat": _decimal_float,
    "hana.SMALLDECIMAL": _small_decimal,
    **dict.fromkeys(("Double", "hana.DOUBLE"), _fixed("double")),
    "hana.REAL": _fixed("float"),
    "Date": _fixed("date"),
    "Time": _fixed("string", lossy=True, note="no TIME type in Glue DDL; HH:mm:ss text"),
    "DateTime": _fixed("timestamp"),
    "Timestamp": _fixed("timestamp", lossy=True, note="Hive-format timestamps keep milliseconds"),
    **dict.fromkeys(_BINARY, _fixed("binary")),
    **dict.fromkeys(("hana.ST_POINT", "hana.ST_GEOMETRY"), _spatial),
    "Map": _fixed("string", lossy=True, note="map kept as JSON text"),
    "Vector": _fixed("string", lossy=True, note="vector kept as text"),
}

KNOWN_CDS_TYPES: tuple[str, ...] = tuple(sorted(_TABLE))
