"""Drift (tables changed outside mdsync) and the conflict policies, on TableInputs alone."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.glue_model import ChangeClass, ConflictPolicy, GlueColumn, PlannedAction, TableInput
from mdsync_mapper.core.marks import sealed
from mdsync_mapper.core.policy import Verdict, decide, drift, merge
from mdsync_mapper.core.rules import RuleSet
from mdsync_mapper.core.table import MappedTable, Placement, map_asset

AssetFactory = Callable[..., AssetDefinition]


@pytest.fixture
def mapped(make_asset: AssetFactory, dog_rules: RuleSet) -> MappedTable:
    result = map_asset(make_asset(), dog_rules, Placement("s", "t"))
    assert isinstance(result, MappedTable)
    return result


def _edited(table: TableInput, column: GlueColumn | None = None, **parameters: str) -> TableInput:
    """The table as another tool left it: a column and/or Parameters added."""
    columns = (*table.storage_descriptor.columns, *([column] if column else []))
    storage = table.storage_descriptor.model_copy(update={"columns": columns})
    return table.model_copy(update={"parameters": {**table.parameters, **parameters}, "storage_descriptor": storage})


def _with_policy(mapped: MappedTable, policy: ConflictPolicy) -> MappedTable:
    return MappedTable(**{**mapped.__dict__, "conflict_policy": policy})


REGION = GlueColumn(name="region", type="string")


def test_a_table_mdsync_wrote_has_no_drift_and_an_edited_one_names_what_changed(mapped: MappedTable) -> None:
    written = sealed(mapped.table_input)

    assert drift(written) == ()
    assert drift(_edited(written, REGION, owner_team="bi")) == ("columns.region", "parameters.owner_team")
    retyped = written.model_copy(update={"description": "edited"})
    assert drift(retyped) == ("definition",)


def test_no_table_yet_means_create(mapped: MappedTable) -> None:
    decision = decide(mapped, None)

    assert (decision.verdict, decision.diff.action) == (Verdict.UPSERT, PlannedAction.CREATE)


def test_unchanged_owned_table_plans_no_change(mapped: MappedTable) -> None:
    decision = decide(mapped, sealed(mapped.table_input))

    assert (decision.verdict, decision.diff.change_class) == (Verdict.UPSERT, ChangeClass.NONE)


@pytest.mark.parametrize(
    ("policy", "verdict", "keeps_region"),
    [
        (ConflictPolicy.SOURCE_WINS, Verdict.UPSERT, False),
        (ConflictPolicy.TARGET_WINS, Verdict.KEEP, None),
        (ConflictPolicy.MERGE, Verdict.UPSERT, True),
        (ConflictPolicy.FAIL, Verdict.CONFLICT, None),
    ],
)
def test_policies_on_a_drifted_table(
    mapped: MappedTable, policy: ConflictPolicy, verdict: Verdict, keeps_region: bool | None
) -> None:
    current = _edited(sealed(mapped.table_input), REGION, owner_team="bi")

    decision = decide(_with_policy(mapped, policy), current)

    assert decision.verdict is verdict
    assert decision.drifted == ("columns.region", "parameters.owner_team")
    if keeps_region is not None:
        names = [c.name for c in decision.table_input.storage_descriptor.columns]
        assert ("region" in names) is keeps_region
        assert ("owner_team" in decision.table_input.parameters) is keeps_region


def test_merged_table_stays_merged_and_free_of_drift(mapped: MappedTable) -> None:
    current = _edited(sealed(mapped.table_input), REGION, owner_team="bi")
    merged = merge(mapped.table_input, current)

    again = decide(_with_policy(mapped, ConflictPolicy.MERGE), sealed(merged))

    assert drift(sealed(merged)) == ()
    assert (again.verdict, again.diff.change_class, again.table_input) == (Verdict.UPSERT, ChangeClass.NONE, merged)


def test_tables_mdsync_does_not_own_are_never_written(mapped: MappedTable) -> None:
    foreign = mapped.table_input.model_copy(update={"parameters": {"created_by": "crawler"}})

    for policy in ConflictPolicy:
        decision = decide(_with_policy(mapped, policy), foreign)
        expected = Verdict.KEEP if policy is ConflictPolicy.TARGET_WINS else Verdict.CONFLICT
        assert (decision.verdict, decision.drifted) == (expected, ("ownership",))
