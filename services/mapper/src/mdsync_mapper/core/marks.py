"""The table Parameters that mark mdsync's tables, and the content fingerprint the glue-writer seals them with.

The ownership marks and the content fingerprint live in `mdsync_contracts.glue_marks`, shared with the
glue-writer; a table whose content no longer matches its `mdsync.content_hash` was changed outside mdsync.
"""

from __future__ import annotations

from mdsync_contracts.glue_marks import (
    BOOKKEEPING_KEYS,
    CONTENT_HASH_KEY,
    DESIRED_HASH_KEY,
    OWNER,
    OWNER_KEY,
    content_fingerprint,
    seal,
    with_parameters,
)
from mdsync_contracts.glue_model import TableInput

__all__ = [
    "ASSET_KEY",
    "BOOKKEEPING_KEYS",
    "CLASSIFICATION_KEY",
    "CONTENT_HASH_KEY",
    "DESIRED_HASH_KEY",
    "MDSYNC_PREFIXES",
    "OWNER",
    "OWNER_KEY",
    "RULE_SET_KEY",
    "SOURCE_HASH_KEY",
    "content_fingerprint",
    "is_mdsync_parameter",
    "sealed",
]

ASSET_KEY = "mdsync.asset_id"
SOURCE_HASH_KEY = "mdsync.source_hash"
RULE_SET_KEY = "mdsync.rule_set"
CLASSIFICATION_KEY = "classification"
MDSYNC_PREFIXES = ("mdsync.", "sap.")


def is_mdsync_parameter(key: str) -> bool:
    """True for the table Parameters mdsync writes (others belong to whoever added them)."""
    return key.startswith(MDSYNC_PREFIXES) or key == CLASSIFICATION_KEY


def sealed(table_input: TableInput) -> TableInput:
    """``table_input`` as the glue-writer leaves it: owner mark and content hash set."""
    return seal(with_parameters(table_input, {**table_input.parameters, OWNER_KEY: OWNER}))
