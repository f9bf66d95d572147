"""The keyed search index: token → asset ids, sharded by asset so no token document grows without bound.

A search is a handful of ``_id`` lookups (one per token and shard) and a set intersection; nothing scans.
Tokens are exact (lowercased); free text matches whole words of names, labels and column names.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from mdsync_contracts.assets import AssetDefinition

ALL = "all:"
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_SPLIT = re.compile(r"[^0-9A-Za-z]+")


def words(text: str) -> set[str]:
    """Lowercased words of ``text``: split on punctuation, underscores and camelCase; the whole text too."""
    found = {text.lower()} if text and _SPLIT.fullmatch(text) is None else set()
    for part in _SPLIT.split(text):
        if part:
            found.add(part.lower())
            found.update(w.lower() for w in _WORD.findall(part))
    found.discard("")
    return found


def space_kind(space: str, kind: str) -> str:
    """The token counting a space's assets of one kind (KPIs of a caller limited to some spaces)."""
    return f"spacekind:{space.lower()}:{kind}"


def tenant_kind(tenant: str, kind: str, space: str | None = None) -> str:
    """The token counting a tenant's assets of one kind, or of one kind in one of its spaces (tenant KPIs)."""
    if space is None:
        return f"tenantkind:{tenant}:{kind}"
    return f"tenantspacekind:{tenant}:{space.lower()}:{kind}"


def asset_tokens(definition: AssetDefinition | None) -> frozenset[str]:
    """Every token an asset is found by; empty for a deleted asset."""
    if definition is None:
        return frozenset()
    name_words = words(definition.technical_name)
    label_words = words(definition.label or "")
    columns = {c.name.lower() for c in definition.columns}
    space, kind = definition.space.lower(), definition.kind.value
    tokens = {ALL, f"space:{space}", f"kind:{kind}", space_kind(space, kind)}
    tokens |= {tenant_kind(definition.tenant, kind), tenant_kind(definition.tenant, kind, space)}
    tokens |= {f"name:{w}" for w in name_words}
    tokens |= {f"label:{w}" for w in label_words}
    tokens |= {f"column:{c}" for c in columns}
    tokens |= {f"text:{w}" for w in name_words | label_words | columns}
    return frozenset(tokens)


@dataclass(frozen=True)
class SearchQuery:
    """What a caller searches for; every given criterion must match."""

    text: str | None = None
    name: str | None = None
    label: str | None = None
    column: str | None = None
    space: str | None = None
    kind: str | None = None

    def tokens(self) -> frozenset[str]:
        """The tokens an asset must carry to match (``all:`` when nothing is asked)."""
        tokens: set[str] = set()
        tokens |= {f"text:{w}" for w in _terms(self.text)}
        tokens |= {f"name:{w}" for w in _terms(self.name)}
        tokens |= {f"label:{w}" for w in _terms(self.label)}
        if self.column:
            tokens.add(f"column:{self.column.lower()}")
        if self.space:
            tokens.add(f"space:{self.space.lower()}")
        if self.kind:
            tokens.add(f"kind:{self.kind.lower()}")
        return frozenset(tokens or {ALL})


def _terms(text: str | None) -> set[str]:
    """Query words: each whitespace-separated term lowercased (a term is matched whole)."""
    return {t.lower() for t in (text or "").split() if t}


def shard_of(asset_id: str, shards: int) -> int:
    """Stable shard of an asset."""
    return zlib.crc32(asset_id.encode()) % shards


def token_id(token: str, shard: int) -> str:
    """Key of one shard of a token's posting list."""
    return f"{token}|{shard:02d}"


def token_changes(old: frozenset[str], new: frozenset[str]) -> tuple[list[str], list[str]]:
    """Tokens to remove the asset from, and tokens to add it to."""
    return sorted(old - new), sorted(new - old)
