"""Property tests over generated assets: every Glue name valid and unique in its scope, every type valid."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mdsync_contracts.assets import AssetDefinition, AssetKind
from mdsync_mapper.core.gluetypes import parse_type
from mdsync_mapper.core.rules import RuleSet
from mdsync_mapper.core.scope import map_scope
from mdsync_mapper.core.table import MappedTable
from mdsync_mapper.core.typemap import KNOWN_CDS_TYPES

VALID_NAME = re.compile(r"[a-z0-9_]{1,255}")
RULES = RuleSet.model_validate({"environment": "dog", "version": 1})
name_text = st.text(alphabet=st.sampled_from("AB_ab.-/1 Äé"), min_size=1, max_size=6)
long_text = st.text(alphabet="X", min_size=250, max_size=260)


@st.composite
def columns(draw: st.DrawFn) -> list[dict[str, Any]]:
    names = draw(st.lists(st.one_of(name_text, long_text), min_size=1, max_size=8, unique=True))
    return [
        {
            "name": name,
            "position": index,
            "cds_type": draw(st.one_of(st.none(), st.sampled_from(KNOWN_CDS_TYPES).map(lambda t: f"cds.{t}"))),
            "length": draw(st.one_of(st.none(), st.integers(1, 6000))),
            "precision": draw(st.one_of(st.none(), st.integers(1, 45))),
            "scale": draw(st.one_of(st.none(), st.integers(0, 12))),
        }
        for index, name in enumerate(names)
    ]


@st.composite
def assets(draw: st.DrawFn) -> list[AssetDefinition]:
    identities = draw(st.lists(st.tuples(name_text, st.one_of(name_text, long_text)), max_size=12, unique=True))
    kinds = st.sampled_from(list(AssetKind))
    return [
        AssetDefinition.model_validate(
            {"tenant": "t", "space": space, "technical_name": name, "kind": draw(kinds), "columns": draw(columns())}
        )
        for space, name in identities
    ]


@settings(max_examples=60, deadline=None)
@given(assets())
def test_every_name_is_valid_and_unique_in_its_database_and_every_type_parses(
    definitions: list[AssetDefinition],
) -> None:
    tables = [r for r in map_scope(definitions, RULES) if isinstance(r, MappedTable)]

    spaces_by_database: dict[str, set[str]] = {}
    names_by_database: dict[str, list[str]] = {}
    for table in tables:
        space = table.asset_id.split("/")[1]
        spaces_by_database.setdefault(table.database, set()).add(space)
        names_by_database.setdefault(table.database, []).append(table.table_input.name)
        glue_columns = (*table.table_input.storage_descriptor.columns, *table.table_input.partition_keys)
        column_names = [c.name for c in glue_columns]
        assert len(column_names) == len(set(column_names))
        for column in glue_columns:
            assert VALID_NAME.fullmatch(column.name)
            parse_type(column.type)
    assert all(len(spaces) == 1 for spaces in spaces_by_database.values())
    for database, names in names_by_database.items():
        assert VALID_NAME.fullmatch(database)
        assert len(names) == len(set(names))
        assert all(VALID_NAME.fullmatch(name) for name in names)
    assert len(tables) == sum(1 for d in definitions if not d.kind.is_flow)
