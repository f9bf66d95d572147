"""CDS → EDM type mapping (reference §3.3) and the facets a property carries in ``$metadata``."""

from __future__ import annotations

from typing import NamedTuple

# CAP defaults; Datasphere overwrites the spatial types to Edm.String. Entries marked [inferred] in the reference
# (hana.SMALLINT/REAL/SMALLDECIMAL and DH's extra hana.* types) follow the obvious SQL width.
EDM_BY_CDS: dict[str, str] = {
    "cds.UUID": "Edm.Guid",
    "cds.Boolean": "Edm.Boolean",
    "cds.UInt8": "Edm.Byte",
    "cds.Int16": "Edm.Int16",
    "cds.Integer": "Edm.Int32",
    "cds.Int32": "Edm.Int32",
    "cds.Integer64": "Edm.Int64",
    "cds.Int64": "Edm.Int64",
    "cds.Decimal": "Edm.Decimal",
    "cds.DecimalFloat": "Edm.Decimal",
    "cds.Double": "Edm.Double",
    "cds.Date": "Edm.Date",
    "cds.Time": "Edm.TimeOfDay",
    "cds.DateTime": "Edm.DateTimeOffset",
    "cds.Timestamp": "Edm.DateTimeOffset",
    "cds.String": "Edm.String",
    "cds.LargeString": "Edm.String",
    "cds.Binary": "Edm.Binary",
    "cds.LargeBinary": "Edm.Binary",
    "cds.hana.TINYINT": "Edm.Byte",
    "cds.hana.SMALLINT": "Edm.Int16",
    "cds.hana.INTEGER": "Edm.Int32",
    "cds.hana.BIGINT": "Edm.Int64",
    "cds.hana.REAL": "Edm.Single",
    "cds.hana.DOUBLE": "Edm.Double",
    "cds.hana.SMALLDECIMAL": "Edm.Decimal",
    "cds.hana.CHAR": "Edm.String",
    "cds.hana.NCHAR": "Edm.String",
    "cds.hana.VARCHAR": "Edm.String",
    "cds.hana.NVARCHAR": "Edm.String",
    "cds.hana.CLOB": "Edm.String",
    "cds.hana.NCLOB": "Edm.String",
    "cds.hana.BINARY": "Edm.Binary",
    "cds.hana.BLOB": "Edm.Binary",
    "cds.hana.ST_POINT": "Edm.String",
    "cds.hana.ST_GEOMETRY": "Edm.String",
}

KNOWN_CDS_TYPES = frozenset({*EDM_BY_CDS, "cds.Association", "cds.Composition"})

_LENGTH_TYPES = frozenset(
    {
        "cds.String",
        "cds.Binary",
        "cds.hana.CHAR",
        "cds.hana.NCHAR",
        "cds.hana.VARCHAR",
        "cds.hana.NVARCHAR",
        "cds.hana.BINARY",
    }
)


class EdmFacets(NamedTuple):
    """The EDM type of a property and its facets, as XML attribute values (None = attribute absent)."""

    type: str
    max_length: str | None = None
    precision: str | None = None
    scale: str | None = None


def edm_facets(
    cds_type: str | None, length: int | None = None, precision: int | None = None, scale: int | None = None
) -> EdmFacets:
    """Map a CDS type with its length/precision/scale to EDM; unknown or missing types become Edm.String."""
    edm = EDM_BY_CDS.get(cds_type or "", "Edm.String")
    if cds_type in _LENGTH_TYPES and length is not None:
        return EdmFacets(edm, max_length=str(length))
    if cds_type == "cds.Decimal":
        return EdmFacets(edm, precision=_str(precision), scale=_str(scale))
    if cds_type == "cds.DecimalFloat":
        return EdmFacets(edm, scale="variable")
    if cds_type == "cds.Timestamp":
        return EdmFacets(edm, precision="7")
    return EdmFacets(edm)


def _str(value: int | None) -> str | None:
    return None if value is None else str(value)
