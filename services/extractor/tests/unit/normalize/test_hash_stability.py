"""The same object always hashes the same, whatever the key order of its JSON; a real change moves the hash."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

from mdsync_contracts.assets import content_hash
from mdsync_extractor.core.normalize import normalize
from mdsync_extractor.datasphere import ObjectType

SPACES = {"SALES", "FINANCE"}

VIEW: dict[str, Any] = {
    "definitions": {
        "V_ORDERS": {
            "kind": "entity",
            "@EndUserText.label": "Orders",
            "@DataWarehouse.consumption.external": True,
            "@ObjectModel.modelingPattern": {"#": "ANALYTICAL_FACT"},
            "@Custom.tags": {"b": 2, "a": 1},
            "elements": {
                "ID": {"type": "cds.String", "length": 10, "key": True, "@EndUserText.label": "Order"},
                "AMOUNT": {"type": "cds.Decimal", "precision": 15, "scale": 2, "@Aggregation.default": {"#": "SUM"}},
                "CUSTOMER": {"type": "cds.String", "length": 10, "@Analytics.dimension": True},
                "_CUSTOMER": {"type": "cds.Association", "target": "FINANCE.CUSTOMERS", "on": []},
                "_PLANT": {"type": "cds.Association", "target": "PLANTS", "on": []},
            },
            "query": {
                "SELECT": {
                    "from": {
                        "join": "inner",
                        "args": [{"ref": ["ORDERS"], "as": "O"}, {"ref": ["FINANCE.ITEMS"], "as": "I"}],
                        "on": [],
                    },
                    "columns": [{"ref": ["O", "ID"]}, {"ref": ["I", "AMOUNT"]}, {"ref": ["O", "CUSTOMER"]}],
                }
            },
        }
    }
}


def _shuffled(value: Any, rng: random.Random, *, ordered: bool = False) -> Any:
    """``value`` with every object's keys reordered; ``ordered`` keeps this level's order (elements = columns)."""
    if isinstance(value, dict):
        items = list(value.items())
        if not ordered:
            rng.shuffle(items)
        return {key: _shuffled(inner, rng, ordered=key == "elements") for key, inner in items}
    if isinstance(value, list):
        return [_shuffled(item, rng) for item in value]
    return value


def _hash(body: dict[str, Any]) -> str:
    return content_hash(normalize("acme", "SALES", ObjectType.VIEWS, body, known_spaces=SPACES))


def test_same_definition_same_hash_across_key_orders() -> None:
    expected = _hash(VIEW)
    rng = random.Random(7)
    variants = [_shuffled(VIEW, rng) for _ in range(20)]
    assert len({json.dumps(variant) for variant in variants}) > 10  # the orders really differ
    assert {_hash(variant) for variant in variants} == {expected}


def test_join_and_association_order_does_not_matter() -> None:
    swapped = copy.deepcopy(VIEW)
    entity = swapped["definitions"]["V_ORDERS"]
    entity["query"]["SELECT"]["from"]["args"].reverse()
    entity["elements"] = {
        **{k: v for k, v in entity["elements"].items() if not k.startswith("_")},
        "_PLANT": entity["elements"]["_PLANT"],
        "_CUSTOMER": entity["elements"]["_CUSTOMER"],
    }
    assert _hash(swapped) == _hash(VIEW)


def test_a_changed_label_or_column_order_changes_the_hash() -> None:
    relabeled = copy.deepcopy(VIEW)
    relabeled["definitions"]["V_ORDERS"]["elements"]["ID"]["@EndUserText.label"] = "Order number"
    reordered = copy.deepcopy(VIEW)
    elements = reordered["definitions"]["V_ORDERS"]["elements"]
    reordered["definitions"]["V_ORDERS"]["elements"] = dict(reversed(list(elements.items())))
    assert len({_hash(VIEW), _hash(relabeled), _hash(reordered)}) == 3
