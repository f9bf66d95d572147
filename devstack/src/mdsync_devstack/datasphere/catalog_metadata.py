"""The catalog service's own CSDL (entity types Spaces and Assets) and its weak etag."""

from __future__ import annotations

import hashlib

CATALOG_CSDL = """<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="CatalogService" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityContainer Name="EntityContainer">
        <EntitySet Name="spaces" EntityType="CatalogService.spaces">
          <NavigationPropertyBinding Path="assets" Target="assets"/>
        </EntitySet>
        <EntitySet Name="assets" EntityType="CatalogService.assets"/>
      </EntityContainer>
      <EntityType Name="spaces">
        <Key><PropertyRef Name="name"/></Key>
        <Property Name="name" Type="Edm.String" Nullable="false"/>
        <Property Name="label" Type="Edm.String"/>
        <NavigationProperty Name="assets" Type="Collection(CatalogService.assets)"/>
      </EntityType>
      <EntityType Name="assets">
        <Key><PropertyRef Name="spaceName"/><PropertyRef Name="name"/></Key>
        <Property Name="spaceName" Type="Edm.String" Nullable="false"/>
        <Property Name="name" Type="Edm.String" Nullable="false"/>
        <Property Name="label" Type="Edm.String"/>
        <Property Name="assetRelationalMetadataUrl" Type="Edm.String"/>
        <Property Name="assetRelationalDataUrl" Type="Edm.String"/>
        <Property Name="assetAnalyticalMetadataUrl" Type="Edm.String"/>
        <Property Name="assetAnalyticalDataUrl" Type="Edm.String"/>
        <Property Name="supportsAnalyticalQueries" Type="Edm.Boolean"/>
        <Property Name="hasParameters" Type="Edm.Boolean"/>
      </EntityType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"""


def weak_etag(content: str | bytes) -> str:
    """``W/"…"`` over the content, so the etag changes exactly when the content does."""
    data = content.encode() if isinstance(content, str) else content
    return f'W/"{hashlib.sha256(data).hexdigest()[:32]}"'


# The catalog's $metadata describes spaces and assets, not their content, so its etag does not move on redeploys.
CATALOG_ETAG = weak_etag(CATALOG_CSDL)
SPACE_FIELDS = ("name", "label")
ASSET_FIELDS = (
    "name",
    "label",
    "spaceName",
    "assetRelationalMetadataUrl",
    "assetRelationalDataUrl",
    "assetAnalyticalMetadataUrl",
    "assetAnalyticalDataUrl",
    "supportsAnalyticalQueries",
    "hasParameters",
)
