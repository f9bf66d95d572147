"""Promotion dog → wolf → bear: order, versions, site settings kept, the recorded diff."""

from __future__ import annotations

import pytest

from mdsync_contracts.base import Environment
from mdsync_mapper.core.rulefile import PromotionError, parse_rule_set, promote, rule_changes
from mdsync_mapper.core.rules import RuleSet, rules_hash

DOG_V2 = """\
environment: dog
version: 2
rules:
  types: {string: varchar}
  overrides: [{name: hr, match: {space: HR}, conflict_policy: fail}]
"""


def test_promotion_carries_rules_and_version_and_keeps_the_targets_site(rule_set_of: object) -> None:
    dog = parse_rule_set(DOG_V2, "dog.yaml")
    wolf: RuleSet = rule_set_of("wolf")  # type: ignore[operator]

    promoted = promote(dog, wolf, Environment.WOLF)

    assert (promoted.environment, promoted.version, promoted.rules) == (Environment.WOLF, 2, dog.rules)
    assert promoted.site == wolf.site
    assert promoted.promoted_from is not None
    assert promoted.promoted_from.rules_hash == rules_hash(dog.rules)


def test_the_diff_lists_every_changed_setting(rule_set_of: object) -> None:
    wolf: RuleSet = rule_set_of("wolf")  # type: ignore[operator]
    dog = parse_rule_set(DOG_V2, "dog.yaml")

    changes = [(c.path, c.before, c.after) for c in rule_changes(wolf.rules, dog.rules)]

    assert changes == [
        ("overrides", [], None),
        ("overrides[0].conflict_policy", None, "fail"),
        ("overrides[0].match.asset", None, "*"),
        ("overrides[0].match.kind", None, "*"),
        ("overrides[0].match.space", None, "HR"),
        ("overrides[0].name", None, "hr"),
        ("types.string", "string", "varchar"),
    ]


@pytest.mark.parametrize(
    ("source", "target"), [("dog", Environment.BEAR), ("wolf", Environment.DOG), ("bear", Environment.BEAR)]
)
def test_only_the_next_environment_can_be_promoted_into(source: str, target: Environment, rule_set_of: object) -> None:
    with pytest.raises(PromotionError):
        promote(rule_set_of(source), None, target)  # type: ignore[operator]


def test_an_older_version_cannot_replace_newer_rules(rule_set_of: object) -> None:
    dog = parse_rule_set(DOG_V2, "dog.yaml")
    wolf = promote(dog, rule_set_of("wolf"), Environment.WOLF)  # type: ignore[operator]
    older = parse_rule_set("environment: dog\nversion: 1\n", "dog.yaml")

    with pytest.raises(PromotionError, match="version 2"):
        promote(older, wolf, Environment.WOLF)


def test_promoted_bear_loads_and_a_hand_edit_does_not(rule_set_of: object) -> None:
    wolf = promote(parse_rule_set(DOG_V2, "dog.yaml"), rule_set_of("wolf"), Environment.WOLF)  # type: ignore[operator]
    bear = promote(wolf, rule_set_of("bear"), Environment.BEAR)  # type: ignore[operator]

    assert RuleSet.model_validate(bear.model_dump()) == bear
    with pytest.raises(ValueError, match="only by promotion"):
        RuleSet.model_validate({**bear.model_dump(), "rules": {}})
