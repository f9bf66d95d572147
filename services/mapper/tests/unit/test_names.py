"""The name rule and collision suffixes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdsync_mapper.core.names import MAX_NAME_BYTES, assign, glue_name


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("SALES_ORDERS", "sales_orders"),
        ("SAP.TIME.VIEW_DIMENSION_DAY", "sap_time_view_dimension_day"),
        ("/BIC/MY_MATERIAL", "_bic_my_material"),
        ("A--B", "a__b"),
        (" padded ", "_padded_"),
        ("1ST_TABLE", "1st_table"),
        ("Größe", "gr__e"),
        ("x" * 300, "x" * 255),
    ],
)
def test_name_rule_lowercases_and_replaces_without_collapsing_or_trimming(source: str, expected: str) -> None:
    assert glue_name(source) == expected


def test_collisions_are_suffixed_by_sorted_identity_not_arrival_order() -> None:
    claims = {"acme/S/SALES_ORDERS": "sales_orders", "acme/S/SALES.ORDERS": "sales_orders", "acme/S/X": "x"}

    assert assign(claims) == {
        "acme/S/SALES.ORDERS": "sales_orders",
        "acme/S/SALES_ORDERS": "sales_orders_2",
        "acme/S/X": "x",
    }
    assert assign(dict(reversed(list(claims.items())))) == assign(claims)


def test_a_suffix_never_takes_another_sources_natural_name() -> None:
    claims = {"a": "t", "b": "t", "c": "t_2"}

    assert assign(claims) == {"a": "t", "b": "t_3", "c": "t_2"}


def test_suffix_keeps_the_name_within_255_bytes() -> None:
    long = "n" * 255

    assigned = assign({"a": long, "b": long})

    assert assigned["b"] == "n" * 253 + "_2"


names = st.text(alphabet=st.sampled_from("aAzZ09_.-/ äß€"), min_size=1, max_size=8)


@settings(deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=6), names, max_size=30), st.randoms())
def test_assigned_names_are_valid_unique_and_independent_of_order(claims: dict[str, str], random: object) -> None:
    natural = {identity: glue_name(source) for identity, source in claims.items()}
    items = list(natural.items())
    random.shuffle(items)  # type: ignore[attr-defined]

    assigned = assign(natural)

    assert assign(dict(items)) == assigned
    assert len(set(assigned.values())) == len(assigned)
    for name in assigned.values():
        assert 1 <= len(name.encode()) <= MAX_NAME_BYTES
        assert set(name) <= set("abcdefghijklmnopqrstuvwxyz0123456789_")
