"""Whatever JSON an object holds, normalizing it yields a definition or a NormalizationError, nothing else."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdsync_contracts.assets import AssetDefinition
from mdsync_extractor.core.normalize import NormalizationError, normalize
from mdsync_extractor.datasphere import ObjectType

KEYS = st.sampled_from(
    ["definitions", "V", "elements", "query", "SELECT", "SET", "from", "ref", "as", "join", "args", "on", "columns",
     "mixin", "type", "length", "key", "target", "params", "businessLayerDefinitions", "sourceModel", "factSources",
     "dataEntity", "contents", "processes", "replicationTasks", "nodes", "taskIdentifier", "objectId",
     "views", "dataflows", "replicationflows", "taskchains", "cds.String", "cds.Association", "@EndUserText.label"]
)  # fmt: skip
LEAVES = st.none() | st.booleans() | st.integers(-3, 50) | st.text(max_size=8) | KEYS
JSON = st.recursive(
    LEAVES, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4), max_leaves=25
)


ENTITY = st.fixed_dictionaries(
    {},
    optional={
        "elements": st.dictionaries(st.text(max_size=3), st.dictionaries(KEYS, JSON, max_size=4), max_size=3),
        "query": st.dictionaries(KEYS, JSON, max_size=3),
        "params": JSON,
        "kind": LEAVES,
    },
)
BODY = (
    st.dictionaries(KEYS, JSON, max_size=4)
    | st.builds(lambda entity: {"definitions": {"V": entity}}, ENTITY)
    | st.builds(lambda root, content: {root: {"V": content}}, KEYS, st.dictionaries(KEYS, JSON, max_size=4))
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=BODY, object_type=st.sampled_from(list(ObjectType)))
def test_any_body_normalizes_or_is_a_normalization_error(body: dict[str, Any], object_type: ObjectType) -> None:
    outcome: AssetDefinition | NormalizationError
    try:
        outcome = normalize("acme", "SALES", object_type, body, known_spaces={"SALES", "V"})
    except NormalizationError as error:
        outcome = error
    if isinstance(outcome, NormalizationError):
        assert outcome.asset_id.startswith("acme/SALES/")
    else:
        assert outcome.kind is object_type.kind
