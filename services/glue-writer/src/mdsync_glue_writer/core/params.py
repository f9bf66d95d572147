"""The table Parameters the writer owns: ownership, hashes, deprecation marks, and the fingerprint of content."""

from __future__ import annotations

from mdsync_contracts.glue_marks import (
    BOOKKEEPING_KEYS,
    CONTENT_HASH_KEY,
    DEPRECATED_AT_KEY,
    DEPRECATED_REASON_KEY,
    DESIRED_HASH_KEY,
    OWNER,
    OWNER_KEY,
    WRITER_KEYS,
    content_fingerprint,
    pruned,
    seal,
    with_parameters,
)
from mdsync_contracts.glue_model import TableInput, table_input_hash

__all__ = [
    "BOOKKEEPING_KEYS",
    "CONTENT_HASH_KEY",
    "DEPRECATED_AT_KEY",
    "DEPRECATED_REASON_KEY",
    "DESIRED_HASH_KEY",
    "OWNER",
    "OWNER_KEY",
    "WRITER_KEYS",
    "content_fingerprint",
    "pruned",
    "seal",
    "with_parameters",
]


def desired_table(table_input: TableInput) -> tuple[TableInput, str]:
    """The TableInput the writer sends for a command, and the hash it stores in it.

    The writer's own keys are dropped from the command's Parameters, the owner mark added, and the hash is
    taken over that result, so it changes whenever the mapped table (or the writer's marking) changes.
    """
    own = {k: v for k, v in table_input.parameters.items() if k not in WRITER_KEYS}
    marked = with_parameters(table_input, {**own, OWNER_KEY: OWNER})
    desired_hash = table_input_hash(marked)
    return seal(with_parameters(marked, {**marked.parameters, DESIRED_HASH_KEY: desired_hash})), desired_hash


def is_owned(table_input: TableInput) -> bool:
    """True when mdsync wrote this table (and may change or delete it)."""
    return table_input.parameters.get(OWNER_KEY) == OWNER


def stored_desired_hash(table_input: TableInput) -> str | None:
    """The desired hash the writer stored with its last write, if any."""
    return table_input.parameters.get(DESIRED_HASH_KEY)


def changed_by_others(table_input: TableInput) -> bool:
    """True when the table is not mdsync's, or its content no longer matches what mdsync last wrote."""
    if not is_owned(table_input):
        return True
    stored = table_input.parameters.get(CONTENT_HASH_KEY)
    return stored is not None and stored != content_fingerprint(table_input)


def is_deprecated(table_input: TableInput) -> bool:
    """True when the writer marked the table deprecated."""
    return DEPRECATED_AT_KEY in table_input.parameters
