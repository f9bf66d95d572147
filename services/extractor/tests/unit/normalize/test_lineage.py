"""Dependencies and column lineage from CSN queries: from, joins, unions, subqueries, mixins, associations."""

from __future__ import annotations

from typing import Any

import pytest

from mdsync_contracts.assets import AssetDefinition, ObjectRef
from mdsync_extractor.core.normalize import NormalizationError, normalize
from mdsync_extractor.datasphere import ObjectType

SPACES = {"SALES", "FINANCE", "SAP"}
STRING = {"type": "cds.String", "length": 10}


def view(query: dict[str, Any], elements: dict[str, Any] | None = None, **extra: Any) -> AssetDefinition:
    entity = {"kind": "entity", "elements": elements or {"ID": STRING}, "query": query, **extra}
    return normalize("acme", "SALES", ObjectType.VIEWS, {"definitions": {"V": entity}}, known_spaces=SPACES)


def deps(definition: AssetDefinition) -> set[tuple[str, str, str]]:
    return {(d.source.space, d.source.technical_name, d.kind.value) for d in definition.dependencies}


def lineage(definition: AssetDefinition) -> set[tuple[str, str, str]]:
    return {(item.column, item.source.technical_name, item.source_column) for item in definition.column_lineage}


def test_from_with_alias_and_direct_columns() -> None:
    query = {"SELECT": {"from": {"ref": ["ORDERS"], "as": "O"}, "columns": [{"ref": ["O", "VBELN"], "as": "ID"}]}}
    definition = view(query)
    assert deps(definition) == {("SALES", "ORDERS", "from")}
    assert lineage(definition) == {("ID", "ORDERS", "VBELN")}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("FINANCE.LEDGER", ObjectRef(space="FINANCE", technical_name="LEDGER")),
        ("FINANCE.GL.ACCOUNTS", ObjectRef(space="FINANCE", technical_name="GL.ACCOUNTS")),
        ("SAP.TIME.VIEW_DAY", ObjectRef(space="SAP", technical_name="TIME.VIEW_DAY")),
        ("TIME.VIEW_DAY", ObjectRef(space="SALES", technical_name="TIME.VIEW_DAY")),
        ("SALES.LOCAL", ObjectRef(space="SALES", technical_name="SALES.LOCAL")),
    ],
)
def test_cross_space_refs_only_when_the_prefix_is_another_known_space(name: str, expected: ObjectRef) -> None:
    (dependency,) = view({"SELECT": {"from": {"ref": [name]}}}).dependencies
    assert dependency.source == expected


def test_join_sources_and_lineage_through_aliases() -> None:
    query = {
        "SELECT": {
            "from": {
                "join": "left",
                "args": [{"ref": ["ORDERS"], "as": "O"}, {"ref": ["FINANCE.CUSTOMERS"], "as": "C"}],
                "on": [{"ref": ["O", "KUNNR"]}, "=", {"ref": ["C", "KUNNR"]}],
            },
            "columns": [{"ref": ["O", "ID"]}, {"ref": ["C", "NAME"], "as": "CUSTOMER"}, {"ref": ["AMBIGUOUS"]}],
        }
    }
    definition = view(query, {"ID": STRING, "CUSTOMER": STRING, "AMBIGUOUS": STRING})
    assert deps(definition) == {("SALES", "ORDERS", "join"), ("FINANCE", "CUSTOMERS", "join")}
    assert lineage(definition) == {("ID", "ORDERS", "ID"), ("CUSTOMER", "CUSTOMERS", "NAME")}


def test_union_of_selects_with_a_nested_join() -> None:
    query = {
        "SET": {
            "op": "union",
            "all": True,
            "args": [
                {"SELECT": {"from": {"ref": ["ORDERS_2024"]}, "columns": [{"ref": ["ID"]}]}},
                {
                    "SELECT": {
                        "from": {"join": "inner", "args": [{"ref": ["ORDERS_2025"]}, {"ref": ["FILTER"]}], "on": []},
                        "columns": [{"ref": ["ORDERS_2025", "ID"]}],
                    }
                },
            ],
        }
    }
    definition = view(query)
    assert deps(definition) == {
        ("SALES", "ORDERS_2024", "union"),
        ("SALES", "ORDERS_2025", "join"),
        ("SALES", "FILTER", "join"),
    }
    assert lineage(definition) == {("ID", "ORDERS_2024", "ID"), ("ID", "ORDERS_2025", "ID")}


def test_subquery_in_from_and_parameterized_source() -> None:
    inner = {"SELECT": {"from": {"ref": [{"id": "V_PARAM", "args": {"P_YEAR": {"val": 2026}}}]}}}
    definition = view({"SELECT": {"from": {**inner, "as": "S"}, "columns": [{"ref": ["S", "ID"]}]}})
    assert deps(definition) == {("SALES", "V_PARAM", "from")}


def test_mixin_and_association_count_only_when_used() -> None:
    elements = {
        "ID": STRING,
        "_USED": {"type": "cds.Association", "target": "CUSTOMERS", "on": []},
        "_IDLE": {"type": "cds.Association", "target": "PLANTS", "on": []},
    }
    query = {
        "SELECT": {
            "from": {"ref": ["ORDERS"]},
            "columns": [{"ref": ["ID"]}, {"ref": ["_USED", "NAME"], "as": "N"}, {"ref": ["_MONTH"]}],
            "mixin": {
                "_MONTH": {"type": "cds.Association", "target": "SAP.TIME.MONTHS", "on": [{"ref": ["_MONTH", "ID"]}]},
                "_UNUSED": {"type": "cds.Association", "target": "SAP.TIME.DAYS", "on": [{"ref": ["_UNUSED", "ID"]}]},
            },
        }
    }
    definition = view(query, elements)
    assert deps(definition) == {
        ("SALES", "ORDERS", "from"),
        ("SALES", "CUSTOMERS", "association"),
        ("SAP", "TIME.MONTHS", "mixin"),
    }
    assert lineage(definition) == {("ID", "ORDERS", "ID")}  # association paths and mixins are not direct columns


def test_parameters_and_exposure() -> None:
    definition = view(
        {"SELECT": {"from": {"ref": ["ORDERS"]}}},
        None,
        params={"P_YEAR": {"type": "cds.Integer"}, "P_AREA": {"type": "cds.String"}},
        **{"@DataWarehouse.consumption.external": True},
    )
    assert (definition.has_parameters, definition.parameters, definition.exposed) == (True, ("P_YEAR", "P_AREA"), True)
    assert view({"SELECT": {"from": {"ref": ["X"]}}}).exposed is False


def test_catalog_exposure_overrides_the_annotation() -> None:
    body = {"definitions": {"V": {"elements": {}, "@DataWarehouse.consumption.external": True}}}
    definition = normalize("acme", "SALES", ObjectType.VIEWS, body, known_spaces=SPACES, exposed_in_catalog=False)
    assert definition.exposed is False


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"SELECT": {}}, "SELECT has no `from`"),
        ({"SELECT": {"from": {"ref": []}}}, "source ref is not a name"),
        ({"SELECT": {"from": {"join": "inner", "args": [{"ref": ["A"]}]}}}, "join needs at least two"),
        ({"SELECT": {"from": {"xpr": []}}}, "neither a ref, a join nor a subquery"),
        ({"SET": {"args": []}}, "SET has no `args`"),
        ({"CALL": {}}, "neither SELECT nor SET"),
        (
            {"SELECT": {"from": {"ref": ["A"]}, "mixin": {"_M": {"type": "cds.Association"}}}},
            "mixin '_M' has no target",
        ),
    ],
)
def test_malformed_queries(query: dict[str, Any], reason: str) -> None:
    with pytest.raises(NormalizationError, match=reason):
        view(query)
