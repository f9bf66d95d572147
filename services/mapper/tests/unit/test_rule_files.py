"""Rule-set files: the shipped ones load; invalid ones give errors naming file, line and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mdsync_contracts.base import Environment
from mdsync_mapper.core.located import LocatedValidationError
from mdsync_mapper.core.rulefile import dump_rule_set, parse_rule_set
from mdsync_mapper.core.rules import RuleSet

VALID = """\
environment: dog
version: 3
rules:
  overrides:
    - name: sales
      match: {space: SALES}
      types: {string: varchar}
"""


def _errors(text: str, environment: Environment | None = None) -> list[tuple[int, str, str]]:
    with pytest.raises(LocatedValidationError) as caught:
        parse_rule_set(text, "dog.yaml", environment)
    return [(e.line, e.field, e.message) for e in caught.value.errors]


@pytest.mark.parametrize("environment", ["dog", "wolf", "bear"])
def test_shipped_rule_sets_load_and_round_trip(environment: str, rule_set_of: Callable[[str], RuleSet]) -> None:
    rule_set = rule_set_of(environment)

    assert parse_rule_set(dump_rule_set(rule_set), "x.yaml") == rule_set


def test_a_wrong_value_is_located_at_its_line_and_field() -> None:
    text = VALID.replace("{string: varchar}", "{string: varchr}")

    [(line, field, message)] = _errors(text)

    assert (line, field) == (7, "rules.overrides[0].types.string")
    assert "varchar" in message


def test_an_unknown_key_is_located_at_the_key() -> None:
    text = VALID + "  colour: blue\n"

    assert _errors(text) == [(8, "rules.colour", "Extra inputs are not permitted")]


def test_several_errors_are_all_reported() -> None:
    text = VALID.replace("version: 3", "version: 0").replace("space: SALES", "space: SALES, kind: cube")

    located = {(line, field) for line, field, _ in _errors(text)}

    assert located == {(2, "version"), (6, "rules.overrides[0].match.kind")}


def test_yaml_syntax_errors_and_duplicate_keys_are_located() -> None:
    assert _errors("environment: dog\nversion: [1\n")[0][0] == 3
    assert _errors("environment: dog\nversion: 1\nversion: 2\n") == [(3, "version", "duplicate key")]


def test_the_file_must_hold_its_own_environment() -> None:
    [(line, field, _)] = _errors(VALID, Environment.WOLF)

    assert (line, field) == (1, "environment")


def test_bear_rules_edited_by_hand_are_refused(rules_dir: Path) -> None:
    text = (rules_dir / "bear.yaml").read_text().replace("conflict_policy: source-wins", "conflict_policy: merge")

    [(line, field, message)] = _errors(text, Environment.BEAR)

    assert field == "rules"
    assert "only by promotion" in message
    assert line == text.splitlines().index("rules:") + 1


def test_bear_without_promotion_is_refused() -> None:
    [(_, _, message)] = _errors("environment: bear\nversion: 1\n")

    assert "promoted_from is missing" in message
