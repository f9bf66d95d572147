"""EDMX ($metadata) fallback: relational → view, analytical → analytic model; bad XML is a named error."""

from __future__ import annotations

import pytest

from mdsync_contracts.assets import SemanticKind
from mdsync_extractor.core.normalize import NormalizationError, normalize_edmx

# Abridged from the recorded relational EDMX of SAP.TIME.VIEW_DIMENSION_DAY (reference §3.1).
RELATIONAL = """<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices><Schema Namespace="StandaloneService" xmlns="http://docs.oasis-open.org/odata/ns/edm">
    <EntityContainer Name="EntityContainer">
      <EntitySet Name="SAP_TIME_VIEW_DIMENSION_DAY" EntityType="StandaloneService.SAP_TIME_VIEW_DIMENSION_DAY"/>
    </EntityContainer>
    <EntityType Name="SAP_TIME_VIEW_DIMENSION_DAY">
      <Key><PropertyRef Name="DATE_SQL"/></Key>
      <Property Name="DATE_SQL" Type="Edm.Date" Nullable="false"/>
      <Property Name="DATE_SAP" Type="Edm.String" MaxLength="8"/>
      <Property Name="DAY_INT" Type="Edm.Byte"/>
      <Property Name="AMOUNT" Type="Edm.Decimal" Precision="15" Scale="2"/>
      <Property Name="TS" Type="Edm.DateTimeOffset" Precision="7"/>
    </EntityType>
    <Annotations Target="StandaloneService.SAP_TIME_VIEW_DIMENSION_DAY">
      <Annotation Term="Common.Label" String="Time Dimension - Day"/>
      <Annotation Term="DataIntegration.OriginalName" String="SAP.TIME.VIEW_DIMENSION_DAY"/>
    </Annotations>
    <Annotations Target="StandaloneService.SAP_TIME_VIEW_DIMENSION_DAY/DATE_SQL">
      <Annotation Term="Analytics.dimension" Bool="true"/>
      <Annotation Term="Common.Label" String="Date"/>
      <Annotation Term="Common.IsCalendarDate" Bool="true"/>
    </Annotations>
  </Schema></edmx:DataServices>
</edmx:Edmx>"""

ANALYTICAL = """<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices><Schema Namespace="InaApplicationService" xmlns="http://docs.oasis-open.org/odata/ns/edm">
    <EntityType Name="ORDER_LINES">
      <Property Name="REGION" Type="Edm.String" MaxLength="10">
        <Annotation Term="com.sap.vocabularies.Analytics.v1.Dimension" Bool="true"/>
      </Property>
      <Property Name="NET" Type="Edm.Double">
        <Annotation Term="Analytics.measure" Bool="true"/>
      </Property>
    </EntityType>
  </Schema></edmx:DataServices>
</edmx:Edmx>"""


def test_relational_edmx_becomes_an_exposed_view() -> None:
    definition = normalize_edmx("acme", "DEMO", "SAP.TIME.VIEW_DIMENSION_DAY", RELATIONAL)
    assert (definition.kind.value, definition.exposed, definition.label) == ("view", True, "Time Dimension - Day")
    types = [(c.name, c.cds_type, c.length, c.precision, c.scale) for c in definition.columns]
    assert types == [
        ("DATE_SQL", "cds.Date", None, None, None),
        ("DATE_SAP", "cds.String", 8, None, None),
        ("DAY_INT", "cds.hana.TINYINT", None, None, None),
        ("AMOUNT", "cds.Decimal", None, 15, 2),
        ("TS", "cds.Timestamp", None, None, None),
    ]
    date = definition.columns[0]
    assert (date.key, date.not_null, date.label) == (True, True, "Date")
    assert (date.semantics.dimension, date.semantics.semantic) == (True, SemanticKind.DATE)


def test_analytical_edmx_becomes_an_analytic_model_without_keys() -> None:
    definition = normalize_edmx("acme", "DEMO", "ORDER_LINES", ANALYTICAL, has_parameters=True)
    assert (definition.kind.value, definition.has_parameters) == ("analytic_model", True)
    region, net = definition.columns
    assert (region.key, region.semantics.dimension, net.semantics.measure) == (False, True, True)
    assert net.cds_type == "cds.Double"


@pytest.mark.parametrize(
    ("edmx", "reason"),
    [
        ("<not xml", "not XML"),
        ('<Edmx xmlns="http://docs.oasis-open.org/odata/ns/edmx"/>', "no Schema"),
        (RELATIONAL.replace("Edm.Byte", "Edm.Money"), "unknown EDM type 'Edm.Money'"),
    ],
)
def test_bad_edmx_is_a_named_error(edmx: str, reason: str) -> None:
    with pytest.raises(NormalizationError, match=reason) as caught:
        normalize_edmx("acme", "DEMO", "X", edmx)
    assert caught.value.asset_id == "acme/DEMO/X"
