"""The CDS/HANA → Glue type table of the reference, its policies and lossy flags."""

from __future__ import annotations

import pytest

from mdsync_mapper.core.rules import TypePolicy
from mdsync_mapper.core.typemap import SapType, map_type

DEFAULT = TypePolicy()


@pytest.mark.parametrize(
    ("sap", "glue_type", "lossy"),
    [
        (SapType("cds.String", 10), "string", False),
        (SapType("cds.hana.NVARCHAR", 5000), "string", False),
        (SapType("cds.LargeString"), "string", False),
        (SapType("cds.hana.NCHAR", 3), "char(3)", False),
        (SapType("cds.hana.CHAR", 300), "string", False),
        (SapType("cds.UUID"), "string", False),
        (SapType("cds.Boolean"), "boolean", False),
        (SapType("cds.Integer"), "int", False),
        (SapType("cds.Int32"), "int", False),
        (SapType("cds.Integer64"), "bigint", False),
        (SapType("cds.Int16"), "smallint", False),
        (SapType("cds.UInt8"), "smallint", False),
        (SapType("cds.hana.TINYINT"), "smallint", False),
        (SapType("cds.Decimal", precision=15, scale=2), "decimal(15,2)", False),
        (SapType("cds.Decimal", precision=21, scale=7), "decimal(21,7)", False),
        (SapType("cds.Decimal", precision=40, scale=10), "decimal(38,8)", True),
        (SapType("cds.Decimal", precision=60, scale=10), "string", False),
        (SapType("cds.Decimal"), "string", False),
        (SapType("cds.DecimalFloat"), "string", False),
        (SapType("cds.hana.SMALLDECIMAL"), "double", True),
        (SapType("cds.Double"), "double", False),
        (SapType("cds.hana.REAL"), "float", False),
        (SapType("cds.Date"), "date", False),
        (SapType("cds.Time"), "string", True),
        (SapType("cds.DateTime"), "timestamp", False),
        (SapType("cds.Timestamp"), "timestamp", True),
        (SapType("cds.Binary", 16), "binary", False),
        (SapType("cds.LargeBinary"), "binary", False),
        (SapType("cds.hana.ST_POINT"), "string", True),
        (SapType("cds.hana.ST_GEOMETRY"), "string", True),
        (SapType("cds.Map"), "string", True),
        (SapType("cds.Frobnicator"), "string", True),
        (SapType(None), "string", True),
    ],
)
def test_default_table(sap: SapType, glue_type: str, lossy: bool) -> None:
    mapping = map_type(sap, DEFAULT)

    assert (mapping.glue_type, mapping.lossy) == (glue_type, lossy)


@pytest.mark.parametrize(
    ("policy", "sap", "glue_type", "lossy"),
    [
        ({"string": "varchar"}, SapType("cds.String", 10), "varchar(10)", False),
        ({"string": "varchar"}, SapType("cds.String"), "string", False),
        ({"string": "varchar"}, SapType("cds.String", 70000), "string", False),
        ({"fixed_char": "string"}, SapType("cds.hana.CHAR", 3), "string", False),
        ({"uuid": "char"}, SapType("cds.UUID"), "char(36)", False),
        ({"decimal_float": "double"}, SapType("cds.DecimalFloat"), "double", True),
        ({"decimal_float": "decimal(34,4)"}, SapType("cds.DecimalFloat"), "decimal(34,4)", True),
        ({"small_decimal": "string"}, SapType("cds.hana.SMALLDECIMAL"), "string", False),
        ({"wide_decimal": "string"}, SapType("cds.Decimal", precision=40, scale=10), "string", False),
        ({"spatial": "binary"}, SapType("cds.hana.ST_POINT"), "binary", True),
    ],
)
def test_policies_choose_the_alternative(policy: dict[str, str], sap: SapType, glue_type: str, lossy: bool) -> None:
    mapping = map_type(sap, TypePolicy.model_validate(policy))

    assert (mapping.glue_type, mapping.lossy) == (glue_type, lossy)


def test_hana_names_are_accepted_in_either_spelling() -> None:
    assert map_type(SapType("hana.tinyint"), DEFAULT) == map_type(SapType("cds.hana.TINYINT"), DEFAULT)
