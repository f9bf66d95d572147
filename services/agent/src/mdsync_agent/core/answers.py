"""Answer templates, one per intent: pure functions over the visible catalog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from mdsync_agent.core import cite
from mdsync_agent.core.bm25 import Index, correct, head_terms, rank
from mdsync_agent.core.intents import Slots
from mdsync_agent.core.lexicon import index_terms, query_terms
from mdsync_agent.core.models import AskResponse, AssetRecord, Catalog, Citation, Intent

FAILED = frozenset({"failed", "conflict", "rejected", "dead_lettered", "timed_out"})


@dataclass(frozen=True)
class Context:
    """What an answer may read: the caller's catalog, its index, the current time."""

    catalog: Catalog
    index: Index
    now: datetime


Answerer = Callable[[str, Slots, Context], AskResponse]


def reply(
    intent: Intent, text: str, citations: list[Citation], confidence: float, follow_ups: tuple[str, ...] = ()
) -> AskResponse:
    """An answer (citations deduplicated)."""
    unique = tuple({c.id: c for c in citations}.values())
    return AskResponse(answer=text, intent=intent, citations=unique, confidence=confidence, follow_ups=follow_ups)


def name_of(asset: AssetRecord) -> str:
    """How an answer names an asset."""
    return f"{asset.space}/{asset.technical_name}"


def find_assets(question: str, slots: Slots, ctx: Context) -> AskResponse:
    """Assets whose name, label, description or columns match the question."""
    if slots.unknown_space or slots.unknown_name:
        return refuse(question, slots, ctx)
    hits = [(a, s) for a, s in rank(ctx.index, query_terms(question), 10) if not slots.space or a.space == slots.space]
    if not hits:
        return refuse(question, slots, ctx)
    top = hits[:5]
    lines = [f"- {name_of(a)}" + (f" — {a.label[:80]}" if a.label else "") for a, _ in top]
    text = f"Assets matching your question ({len(hits)} shown of the best):\n" + "\n".join(lines)
    confidence = min(0.95, 0.4 + top[0][1] / 20)
    first = top[0][0].technical_name
    return reply(Intent.FIND_ASSETS, text, [cite.asset(a) for a, _ in top], confidence, (f"Describe {first}",))


def column_matches(terms: set[str], asset: AssetRecord) -> list[tuple[int, str]]:
    """Columns of ``asset`` covering every term (with the asset's name and label), by terms in the column."""
    head = set(head_terms(asset))
    found = []
    for col in asset.columns:
        own = set(index_terms(f"{col.name} {col.label or ''}"))
        if own & terms and terms <= own | head:
            found.append((len(own & terms), col.name))
    return found


def find_columns(question: str, slots: Slots, ctx: Context) -> AskResponse:
    """Columns whose name or label (SAP abbreviations expanded) matches every content word of the question."""
    terms = {correct(ctx.index, raw) or raw for raw in query_terms(question)}  # unknown words must still match
    if slots.asset:
        terms -= set(head_terms(slots.asset))
    pool = [slots.asset] if slots.asset else [a for a, _ in rank(ctx.index, list(terms), 200)]
    scored = [
        (score, asset, name)
        for asset in pool
        if not slots.space or asset.space == slots.space
        for score, name in column_matches(terms, asset)
    ]
    scored.sort(key=lambda item: (-item[0], item[1].asset_id, item[2]))
    if not terms or not scored:
        return refuse(question, slots, ctx)
    top = scored[:8]
    text = "Columns that match:\n" + "\n".join(f"- {name_of(a)}.{c}" for _, a, c in top)
    return reply(Intent.FIND_COLUMNS, text, [cite.column(a, c) for _, a, c in top], 0.7)


def describe(question: str, slots: Slots, ctx: Context) -> AskResponse:
    """An asset's kind, label, columns and Glue table."""
    asset = slots.asset or _best(question, slots, ctx)
    if asset is None:
        return refuse(question, slots, ctx)
    columns = ", ".join(c.name for c in asset.columns[:12]) + (" …" if len(asset.columns) > 12 else "")
    parts = [
        f"{name_of(asset)} is a {asset.kind or 'asset'}" + (f" labelled “{asset.label[:80]}”" if asset.label else "")
    ]
    parts.append(f"It has {len(asset.columns)} columns: {columns}." if asset.columns else "It has no columns.")
    citations = [cite.asset(asset)]
    if asset.glue_table:
        parts.append(f"It maps to Glue table {asset.glue_table} (last outcome: {asset.last_outcome or 'none'}).")
        citations.append(cite.glue(asset.glue_table))
    follow = (f"Where does {asset.technical_name} come from?", f"What depends on {asset.technical_name}?")
    return reply(Intent.DESCRIBE, " ".join(parts), citations, 0.9 if slots.asset else 0.6, follow)


def _best(question: str, slots: Slots, ctx: Context) -> AssetRecord | None:
    """The best-ranked asset, unless the question names a record that does not exist for the caller."""
    if slots.unknown_name or slots.unknown_space:
        return None
    hits = rank(ctx.index, query_terms(question), 1)
    return hits[0][0] if hits else None


def refuse(question: str, slots: Slots, ctx: Context) -> AskResponse:
    """An honest refusal with suggestions drawn only from what the caller may see."""
    if slots.unknown_space:
        text = f"I can't answer about “{slots.unknown_space}”: it is not one of the spaces you can see."
    elif slots.unknown_name:
        text = f"I can't find “{slots.unknown_name}” among the records you can see."
    else:
        text = "I can't answer that from the metadata catalog you can see."
    suggestions = [f"Describe {a.technical_name}" for a, _ in rank(ctx.index, query_terms(question), 2)]
    suggestions.append("help")
    return AskResponse(answer=text, intent=Intent.REFUSE, citations=(), confidence=0.9, follow_ups=tuple(suggestions))


def help_answer(question: str, slots: Slots, ctx: Context) -> AskResponse:
    """What the agent can answer."""
    text = (
        "I answer questions about the metadata you can see: find assets or columns, describe an asset, "
        "lineage up- or downstream, what changed in a space in a period, sync status and failures, running jobs, "
        "lossy columns, and Datasphere vs Glue for one asset. Spaces visible to you: " + ", ".join(ctx.catalog.spaces)
    )
    examples = ("Find customer tables", "What changed in " + (ctx.catalog.spaces or ("SALES",))[0] + " this week?")
    return reply(Intent.HELP, text, [cite.space(s) for s in ctx.catalog.spaces], 1.0, examples)
