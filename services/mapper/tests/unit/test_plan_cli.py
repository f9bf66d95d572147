"""`mdsync plan` renders the mapper's plan readably (the plan built by the mapper core, not a hand-made dict)."""

from __future__ import annotations

from rich.console import Console
from typer.testing import CliRunner

from mdsync_cli.main import app
from mdsync_cli.plan import render
from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.glue_model import GlueColumn
from mdsync_mapper.core.evaluation import MappedAsset, plan_entry
from mdsync_mapper.core.marks import sealed
from mdsync_mapper.core.plan import plan_of
from mdsync_mapper.core.policy import decide
from mdsync_mapper.core.rules import RuleSet
from mdsync_mapper.core.scope import map_scope
from mdsync_mapper.core.table import Excluded


def _plan_json(definitions: list[AssetDefinition], rules: RuleSet) -> dict[str, object]:
    entries = []
    for result in map_scope(definitions, rules):
        if isinstance(result, Excluded):
            continue
        current = None
        if result.table_input.name == "sales_orders_v":  # in Glue already, with one column less and one more
            storage = result.table_input.storage_descriptor
            columns = (*storage.columns[:-1], GlueColumn(name="legacy", type="int"))
            changed = storage.model_copy(update={"columns": columns})
            current = sealed(result.table_input.model_copy(update={"storage_descriptor": changed}))
        definition = next(d for d in definitions if d.asset_id == result.asset_id)
        entries.append(plan_entry(MappedAsset(definition, result, decide(result, current)), False))
    return plan_of("dog", rules.label, entries).model_dump(mode="json")


def test_render_lists_each_table_with_its_class_and_changes(
    small_tenant: list[AssetDefinition], dog_rules: RuleSet
) -> None:
    console = Console(record=True, width=200)

    console.print(render(_plan_json(small_tenant, dog_rules), all_entries=False))
    text = console.export_text()
    row = next(line for line in text.splitlines() if "sales.sales_orders_v" in line)

    assert "rule set dog-1" in text
    assert "update" in row
    assert "major" in row
    assert "+1 col (weird)" in row
    assert "-1 col (legacy)" in row
    assert "create" in text


def test_without_a_scope_the_command_exits_with_usage_error() -> None:
    result = CliRunner().invoke(app, ["plan"])

    assert result.exit_code == 2
