"""Property tests: every type string is a valid Glue type, and a mapping is flagged lossy exactly when it loses.

"Loses" is judged by an independent model of value domains (below), not by the mapper's table: a Glue type
covers a SAP type when every SAP value fits it exactly, and types without a Glue DDL counterpart (time,
spatial, map, vector) always count as lossy, as in the reference.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from mdsync_mapper.core.gluetypes import GlueType, parse_type
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
from mdsync_mapper.core.typemap import KNOWN_CDS_TYPES, SapType, canonical_cds, map_type


@dataclass(frozen=True)
class Domain:
    """Values a type holds: a family and its capacity."""

    family: str
    low: int = 0
    high: int = 0
    digits: int = 0
    scale: int = 0
    length: int | None = None


INTS = {
    "tinyint": (-(2**7), 2**7 - 1),
    "smallint": (-(2**15), 2**15 - 1),
    "int": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}
SAP_INTS = {
    "Integer": INTS["int"],
    "Int32": INTS["int"],
    "hana.INTEGER": INTS["int"],
    "Integer64": INTS["bigint"],
    "Int64": INTS["bigint"],
    "hana.BIGINT": INTS["bigint"],
    "Int16": INTS["smallint"],
    "hana.SMALLINT": INTS["smallint"],
    "UInt8": (0, 255),
    "hana.TINYINT": (0, 255),
}
SAP_SIMPLE = {
    "Boolean": Domain("bool"),
    "Date": Domain("date"),
    "DateTime": Domain("timestamp", digits=0),
    "Timestamp": Domain("timestamp", digits=7),
    "Double": Domain("float", digits=53),
    "hana.DOUBLE": Domain("float", digits=53),
    "hana.REAL": Domain("float", digits=24),
    "UUID": Domain("text", length=36),
    "hana.SMALLDECIMAL": Domain("decfloat", digits=16),
    "DecimalFloat": Domain("decfloat", digits=34),
}
TEXT = {"String", "hana.NVARCHAR", "hana.VARCHAR", "hana.NCHAR", "hana.CHAR"}
LOB = {"LargeString", "hana.NCLOB", "hana.CLOB"}
BYTES = {"Binary", "hana.BINARY", "hana.VARBINARY", "LargeBinary", "hana.BLOB"}


def sap_domain(sap: SapType) -> Domain:
    name = canonical_cds(sap.cds_type) if sap.cds_type else ""
    if name in SAP_INTS:
        low, high = SAP_INTS[name]
        return Domain("int", low, high)
    if name in SAP_SIMPLE:
        return SAP_SIMPLE[name]
    if name in TEXT:
        return Domain("text", length=sap.length)
    if name in LOB:
        return Domain("text")
    if name in BYTES:
        return Domain("bytes")
    if name in {"Decimal", "hana.DECIMAL"}:
        p, s = sap.precision, sap.scale or 0
        if p is None or p < 1 or not 0 <= s <= p:
            return Domain("decfloat", digits=34)
        return Domain("decimal", digits=p, scale=s)
    return Domain("no-glue-counterpart")


def glue_domain(glue: GlueType) -> Domain:
    if glue.name in INTS:
        return Domain("int", *INTS[glue.name])
    if glue.name in {"string", "varchar", "char"}:
        return Domain("text", length=glue.params[0] if glue.params else None)
    if glue.name == "decimal":
        return Domain("decimal", digits=glue.params[0], scale=glue.params[1])
    simple = {
        "float": Domain("float", digits=24),
        "double": Domain("float", digits=53),
        "boolean": Domain("bool"),
        "date": Domain("date"),
        "timestamp": Domain("timestamp", digits=3),
        "binary": Domain("bytes"),
    }
    return simple[glue.name]


def covers(target: Domain, source: Domain) -> bool:
    if target.family == "text" and target.length is None and source.family in {"text", "decimal", "decfloat"}:
        return True  # exact numbers and text keep every value as unbounded text
    if target.family != source.family:
        return False
    if source.family == "int":
        return target.low <= source.low and source.high <= target.high
    if source.family == "text":
        return source.length is not None and target.length is not None and source.length <= target.length
    if source.family == "decimal":
        return target.scale >= source.scale and target.digits - target.scale >= source.digits - source.scale
    if source.family in {"float", "timestamp"}:
        return source.digits <= target.digits
    return source.family in {"bool", "date", "bytes"}


cds_names = st.sampled_from([*KNOWN_CDS_TYPES, "Frobnicator", "Association"]).map(lambda name: f"cds.{name}")
facet = st.one_of(st.none(), st.integers(min_value=-3, max_value=70000))
sap_types = st.builds(
    SapType,
    st.one_of(st.none(), cds_names),
    facet,
    st.one_of(st.none(), st.integers(min_value=-1, max_value=60)),
    st.one_of(st.none(), st.integers(min_value=-7, max_value=60)),
)
policies = st.builds(
    TypePolicy,
    string=st.sampled_from(StringPolicy),
    fixed_char=st.sampled_from(FixedCharPolicy),
    uuid=st.sampled_from(UuidPolicy),
    decimal_float=st.sampled_from(DecimalFloatPolicy),
    small_decimal=st.sampled_from(SmallDecimalPolicy),
    wide_decimal=st.sampled_from(WideDecimalPolicy),
    spatial=st.sampled_from(SpatialPolicy),
)


@settings(deadline=None)
@given(sap_types, policies)
def test_every_type_string_is_a_valid_glue_type(sap: SapType, policy: TypePolicy) -> None:
    parse_type(map_type(sap, policy).glue_type)


@settings(deadline=None)
@given(sap_types, policies)
def test_a_mapping_is_flagged_lossy_exactly_when_it_loses_values_or_type(sap: SapType, policy: TypePolicy) -> None:
    mapping = map_type(sap, policy)

    loses = not covers(glue_domain(parse_type(mapping.glue_type)), sap_domain(sap))

    assert mapping.lossy == loses, (sap, mapping)
