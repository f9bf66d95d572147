"""Helpers the demo spaces share: projections, joins, text tables, S/4HANA remote tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mdsync_devstack.datasphere.csn_build import (
    Col,
    Fixture,
    Table,
    col,
    columns,
    join,
    on_equal,
    remote_table,
    source_ref,
)
from mdsync_devstack.datasphere.model_build import Assoc, view

S4 = "S4H_PROD"  # ABAP/S/4HANA connection; remote entities named "<schema>"."<table>" (SQL-quoted form)
LANGUAGE = col("SPRAS", "String(1)", "Language Key", "key")


def s4_remote(space: str, table: Table, sap_table: str) -> Fixture:
    """``RT_S4_<TABLE>``: a remote table over the S/4HANA table ``sap_table``."""
    return remote_table(space, f"RT_S4_{sap_table}", table, S4, f'"SAPHANADB"."{sap_table}"')


def projection(
    space: str, name: str, label: str, source: str, cols: Sequence[Col], *, exposed: bool | None, **kw: Any
) -> Fixture:
    """A view selecting ``cols`` from one source."""
    alias = source.rsplit(".", 1)[-1]
    query = {"SELECT": {"from": source_ref(source, alias), "columns": columns(alias, [c.name for c in cols])}}
    return view(space, name, label, cols, query, exposed=exposed, **kw)


def joined(
    space: str,
    name: str,
    label: str,
    left: tuple[str, Sequence[Col]],
    right: tuple[str, Sequence[Col]],
    on: Sequence[tuple[str, str]],
    *,
    exposed: bool | None,
    how: str = "inner",
    **kw: Any,
) -> Fixture:
    """A view joining two sources; right columns whose names the left already has are left out."""
    (l_src, l_cols), (r_src, r_cols) = left, right
    l_alias, r_alias = "L", "R"
    taken = {c.name for c in l_cols}
    r_only = [c for c in r_cols if c.name not in taken]
    select = {
        "from": join(how, source_ref(l_src, l_alias), source_ref(r_src, r_alias), on_equal(l_alias, r_alias, on)),
        "columns": columns(l_alias, [c.name for c in l_cols]) + columns(r_alias, [c.name for c in r_only]),
    }
    return view(space, name, label, [*l_cols, *r_only], {"SELECT": select}, exposed=exposed, **kw)


def text_table(name: str, label: str, key: Col, text_length: int = 40) -> Table:
    """A language-dependent text table: key, language, description."""
    return Table(name, label, (key, LANGUAGE, col("TXTMD", f"String({text_length})", "Description", "text")))


def text_assoc(name: str, target: str, key: str, label: str) -> Assoc:
    """An association to a text view on the key column (language handled by the consumer)."""
    return Assoc(name, target, ((key, key),), label, role="text")


def aggregated(source: str, group: Sequence[str], sums: Sequence[str]) -> dict[str, Any]:
    """``SELECT group…, SUM(x) AS x … FROM source GROUP BY group…``."""
    sum_columns = [{"func": "SUM", "args": [{"ref": [s]}], "as": s} for s in sums]
    return {
        "SELECT": {
            "from": source_ref(source),
            "columns": columns(None, group) + sum_columns,
            "groupBy": [{"ref": [g]} for g in group],
        }
    }
