"""Intent classification and slot extraction: pure functions of the question text and the visible catalog."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz, process

from mdsync_agent.core.lexicon import SAP_TERMS
from mdsync_agent.core.models import AssetRecord, Catalog, Frozen, Intent
from mdsync_agent.core.timeexpr import Period, parse_period

# Ordered: the first rule whose pattern matches wins.
RULES: tuple[tuple[Intent, re.Pattern[str]], ...] = tuple(
    (intent, re.compile(pattern))
    for intent, pattern in (
        (Intent.HELP, r"^\s*(help|\?)\s*$|what can you (do|answer)|how do i use|which questions"),
        (Intent.RUNNING_JOBS, r"\b(running|in progress|active|ongoing|currently sync|syncing)\b"),
        (Intent.LOSSY, r"\blossy\b|los(e|es|t|ing) (information|precision|data)|truncat"),
        (Intent.COMPARE, r"\bcompare|\bvs\.?\b|versus|differ(ence|s)? between|datasphere and glue|glue and datasphere"),
        (Intent.SYNC_STATUS, r"\bfail|\berror|\bsync(ed)?\b|succe(ed|ss)"),
        (
            Intent.LINEAGE_UP,
            r"come[s]? from|upstream|source[s]? of|derived from|fed by|built from|origin|what feeds|data from|"
            r"(get|gets|read|reads|load|loads) (its|their) data",
        ),
        (Intent.LINEAGE_DOWN, r"downstream|depend[s]? on|impact|what (uses|reads)|consumers? of|feeds?\b"),
        (Intent.CHANGES, r"\bchang(e|ed|es)\b|modified|what('s| is) new|updated"),
        (Intent.FIND_COLUMNS, r"\bcolumns?\b|\bfields?\b|\battributes?\b"),
        (Intent.DESCRIBE, r"\bdescribe|tell me about|what is\b|details of|explain|what does .* contain"),
        (
            Intent.FIND_ASSETS,
            r"\bfind|\bwhich\b|\bwhere\b|\bshow|\blist|\bsearch|\bany\b|\bdata (on|about)|"
            r"(is|are) there|do we have|looking for",
        ),
    )
)

# Requests the read-only agent must refuse whatever the catalog says.
OUT_OF_SCOPE = re.compile(
    r"\b(delete|drop|truncate table|insert|grant|password|secret|credential|token|api key|weather|joke|poem|"
    r"stock price|ignore (all|your|previous)|forget (all|your|the|previous)|disregard|pretend|jailbreak|"
    r"system prompt|bypass|other tenants?)\b"
)

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.]{2,}")
_SPACE_HINT = re.compile(r"\b(?:in|of|for|space)\s+([A-Z][A-Z0-9_]{1,})\b")


class Slots(Frozen):
    """What the question names: an asset, a space, a time window, free-text search terms."""

    asset: AssetRecord | None = None
    space: str | None = None
    unknown_space: str | None = None
    unknown_name: str | None = None
    period: Period | None = None


def classify(question: str) -> Intent:
    """The intent a question asks for, by the first matching rule; REFUSE when none matches."""
    text = question.lower()
    if OUT_OF_SCOPE.search(text):
        return Intent.REFUSE
    for intent, pattern in RULES:
        if pattern.search(text):
            return intent
    return Intent.REFUSE


_PRONOUN = re.compile(r"\b(it|its|this one|that one|this asset|that asset|this table|that table)\b", re.IGNORECASE)
_TECHNICAL = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+\b")
_CAPS = re.compile(r"\b[A-Z][A-Z0-9]{1,}\b")


@dataclass(frozen=True)
class Names:
    """Lookups over one visible catalog, built once: names to assets, spaces, known upper-case words."""

    by_name: dict[str, AssetRecord]
    names: list[str]
    spaces: dict[str, str]
    known_words: frozenset[str]

    @classmethod
    def of(cls, catalog: Catalog) -> Names:
        """Index the names of ``catalog``."""
        by_name: dict[str, AssetRecord] = {}
        words: set[str] = set()
        for asset in catalog.assets:
            by_name.setdefault(asset.technical_name.lower(), asset)
            by_name.setdefault(asset.asset_id.lower(), asset)
            if asset.glue_table:
                by_name.setdefault(asset.glue_table.lower(), asset)
                by_name.setdefault(asset.glue_table.split(".")[-1].lower(), asset)
            words.update(c.name.lower() for c in asset.columns)
        words |= set(by_name)
        return cls(by_name, list(by_name), {s.lower(): s for s in catalog.spaces}, frozenset(words))


def find_asset(question: str, names: Names) -> AssetRecord | None:
    """The visible asset the question names by technical name, Glue table or asset id (typos tolerated)."""
    candidates = sorted((token.lower().strip(".") for token in _NAME.findall(question)), key=len, reverse=True)
    for token in candidates:
        if token in names.by_name:
            return names.by_name[token]
    for token in candidates:
        if "_" not in token and len(token) < 8:
            continue  # ordinary words are not typos of technical names
        found = process.extractOne(token, names.names, scorer=fuzz.ratio, score_cutoff=90)
        if found:
            return names.by_name[found[0]]
    return None


def find_space(question: str, names: Names) -> tuple[str | None, str | None]:
    """(visible space named, space-like name that is not visible)."""
    for word in re.findall(r"[A-Za-z][A-Za-z0-9_]+", question):
        if word.lower() in names.spaces and (word.isupper() or word.istitle()):
            return names.spaces[word.lower()], None
    hinted = [m.group(1) for m in _SPACE_HINT.finditer(question)] + _CAPS.findall(question)
    for name in hinted:
        if name.lower() not in names.known_words and name.lower() not in SAP_TERMS:
            return None, name
    return None, None


def extract(question: str, names: Names, now: datetime, previous: AssetRecord | None = None) -> Slots:
    """All slots of a question; ``previous`` (the conversation's last asset) stands for "it" or "this one"."""
    space, unknown = find_space(question, names)
    asset = find_asset(question, names)
    if asset is not None and space is not None and asset.technical_name.lower() == space.lower():
        asset = None
    if asset is None and previous is not None and _PRONOUN.search(question):
        asset = previous
    unknown_name = None if asset else _technical_unknown(question, names)
    period = parse_period(question, now)
    return Slots(asset=asset, space=space, unknown_space=unknown, unknown_name=unknown_name, period=period)


def _technical_unknown(question: str, names: Names) -> str | None:
    """A technical-looking name (`V_X`, `db.table`) the question uses that no visible record has."""
    for token in _TECHNICAL.findall(question):
        if token.lower() not in names.known_words:
            return str(token)
    return None
