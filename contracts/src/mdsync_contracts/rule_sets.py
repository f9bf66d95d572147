"""Messages on the rule-sets topic: mapping rule sets promoted between environments."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, JsonValue

from mdsync_contracts.asset_model import Frozen
from mdsync_contracts.base import Environment, Message
from mdsync_contracts.topics import RULE_SETS, rule_set_key

__all__ = ["RuleSetChange", "RuleSetPromoted"]


class RuleSetChange(Frozen):
    """One difference between the promoted rules and the rules they replace."""

    path: str = Field(description="Dotted path of the changed setting.", examples=["types.string"])
    before: JsonValue = Field(default=None, description="Value in the replaced rule set.", examples=["string"])
    after: JsonValue = Field(default=None, description="Value in the promoted rule set.", examples=["varchar"])


class RuleSetPromoted(Message):
    """A rule set was promoted from one environment to the next (dog → wolf → bear), with its diff."""

    CE_TYPE: ClassVar[str] = "mdsync.mapper.rule-set.promoted"
    TOPIC: ClassVar[str] = RULE_SETS

    from_environment: Environment = Field(description="Environment promoted from.", examples=["dog"])
    to_environment: Environment = Field(description="Environment promoted to.", examples=["wolf"])
    version: int = Field(ge=1, description="Rule-set version now in force in the target.", examples=[4])
    previous_version: int | None = Field(
        default=None, description="Version the target had before; None when it had none.", examples=[3]
    )
    rules_hash: str = Field(
        description="sha256 of the promoted rules (canonical JSON).",
        examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    )
    previous_rules_hash: str | None = Field(
        default=None,
        description="sha256 of the rules they replace.",
        examples=["60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"],
    )
    changes: tuple[RuleSetChange, ...] = Field(
        default=(),
        description="Settings that differ, sorted by path.",
        examples=[[{"path": "types.string", "before": "string", "after": "varchar"}]],
    )
    promoted_by: str = Field(description="Principal that promoted it.", examples=["operator:jane"])

    def key(self) -> str:
        """The target environment."""
        return rule_set_key(self.to_environment.value)
