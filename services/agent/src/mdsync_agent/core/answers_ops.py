"""Answer templates about lineage, changes, sync status, jobs, lossy columns and Glue comparison."""

from __future__ import annotations

from mdsync_agent.core import cite
from mdsync_agent.core.answers import FAILED, Context, _best, name_of, refuse, reply
from mdsync_agent.core.intents import Slots
from mdsync_agent.core.models import AskResponse, AssetRecord, Intent


def _walk(start: AssetRecord, ctx: Context, upstream: bool, depth: int = 3) -> list[AssetRecord]:
    by_id = {a.asset_id: a for a in ctx.catalog.assets}
    readers: dict[str, list[str]] = {}
    for a in ctx.catalog.assets:
        for source in a.upstream:
            readers.setdefault(source, []).append(a.asset_id)
    seen, frontier, found = {start.asset_id}, [start.asset_id], []
    for _ in range(depth):
        nxt = []
        for node in frontier:
            neighbours = by_id[node].upstream if upstream else readers.get(node, [])
            for other in neighbours:
                if other in by_id and other not in seen:  # invisible nodes are not reached
                    seen.add(other)
                    nxt.append(other)
                    found.append(by_id[other])
        frontier = nxt
    return found


def lineage(question: str, slots: Slots, ctx: Context, upstream: bool) -> AskResponse:
    """Assets up- or downstream of the asset (or Glue table) named, up to three hops."""
    asset = slots.asset or _best(question, slots, ctx)
    intent = Intent.LINEAGE_UP if upstream else Intent.LINEAGE_DOWN
    if asset is None:
        return refuse(question, slots, ctx)
    reached = _walk(asset, ctx, upstream)
    citations = [cite.asset(asset)] + ([cite.glue(asset.glue_table)] if asset.glue_table else [])
    way = "comes from" if upstream else "feeds"
    subject = (
        f"Glue table {asset.glue_table} is built from {name_of(asset)}, which"
        if (upstream and asset.glue_table and asset.glue_table.lower() in question.lower())
        else name_of(asset)
    )
    if not reached:
        text = f"{subject} {way} nothing I can see."
    else:
        text = f"{subject} {way}: " + ", ".join(name_of(a) for a in reached[:10]) + "."
    citations += [cite.asset(a) for a in reached[:10]]
    return reply(intent, text, citations, 0.85 if slots.asset else 0.55)


def changes(question: str, slots: Slots, ctx: Context) -> AskResponse:
    """Assets whose definition changed in the period, in the space named (or every visible space)."""
    if slots.unknown_space:
        return refuse(question, slots, ctx)
    period = slots.period
    changed = [
        a
        for a in ctx.catalog.assets
        if a.changed_at
        and (slots.space is None or a.space == slots.space)
        and (period is None or period.start <= a.changed_at < period.end)
    ]
    changed.sort(key=lambda a: (a.changed_at, a.asset_id), reverse=True)
    where = slots.space or "your spaces"
    when = period.text if period else "recently"
    citations = [cite.space(slots.space)] if slots.space else []
    if not changed:
        return reply(Intent.CHANGES, f"Nothing changed in {where} {when}.", citations, 0.8)
    lines = [f"- {name_of(a)} at {a.changed_at:%Y-%m-%d %H:%M}" for a in changed[:15] if a.changed_at]
    text = f"{len(changed)} asset(s) changed in {where} {when}:\n" + "\n".join(lines)
    return reply(Intent.CHANGES, text, citations + [cite.asset(a) for a in changed[:15]], 0.85)


def sync_status(question: str, slots: Slots, ctx: Context) -> AskResponse:
    """The last job and failed assets of a space or one asset, with reasons."""
    if slots.unknown_space:
        return refuse(question, slots, ctx)
    if slots.asset:
        a = slots.asset
        reason = f" because: {a.outcome_reason[:160]}" if a.outcome_reason else ""
        text = f"Last sync of {name_of(a)}: {a.last_outcome or 'never synced'}{reason}."
        extra = [cite.glue(a.glue_table)] if a.glue_table else []
        return reply(Intent.SYNC_STATUS, text, [cite.asset(a), *extra], 0.85)
    scope = [s for s in ctx.catalog.spaces if slots.space in (None, s)]
    jobs = sorted((j for j in ctx.catalog.jobs if set(j.spaces) & set(scope)), key=lambda j: j.requested_at or ctx.now)
    failed = [a for a in ctx.catalog.assets if a.space in scope and a.last_outcome in FAILED]
    citations = [cite.space(s) for s in scope if slots.space]
    parts = []
    if jobs:
        last = jobs[-1]
        why = f": {last.reason[:160]}" if last.reason else ""
        parts.append(f"The last sync job of {slots.space or 'your spaces'} is {last.job_id}, {last.status}{why}.")
        citations.append(cite.job(last))
    parts += [
        f"- {name_of(a)}: {a.last_outcome} ({(a.outcome_reason or 'no reason given')[:120]})" for a in failed[:10]
    ]
    citations += [cite.asset(a) for a in failed[:10]]
    if not parts:
        parts.append(f"No sync recorded for {slots.space or 'your spaces'}.")
    return reply(Intent.SYNC_STATUS, "\n".join(parts), citations, 0.8)


def running_jobs(question: str, slots: Slots, ctx: Context) -> AskResponse:
    """Jobs requested or running."""
    running = [j for j in ctx.catalog.jobs if j.status in ("running", "requested")]
    if not running:
        return reply(Intent.RUNNING_JOBS, "No sync job is running in your spaces.", [], 0.9)
    text = "Running jobs:\n" + "\n".join(f"- {j.job_id} ({j.status}, {', '.join(j.spaces)})" for j in running)
    return reply(Intent.RUNNING_JOBS, text, [cite.job(j) for j in running], 0.9)


def lossy(question: str, slots: Slots, ctx: Context) -> AskResponse:
    """Columns whose Glue mapping loses information."""
    pool = [slots.asset] if slots.asset else [a for a in ctx.catalog.assets if slots.space in (None, a.space)]
    pairs = [(a, c) for a in pool for c in a.lossy_columns]
    if not pairs:
        return reply(Intent.LOSSY, "No lossy column mappings in scope.", [], 0.8)
    text = "Lossy column mappings:\n" + "\n".join(f"- {name_of(a)}.{c}" for a, c in pairs[:15])
    return reply(Intent.LOSSY, text, [cite.column(a, c) for a, c in pairs[:15]], 0.85)


def compare(question: str, slots: Slots, ctx: Context) -> AskResponse:
    """Datasphere columns against the Glue table of one asset."""
    asset = slots.asset or _best(question, slots, ctx)
    if asset is None:
        return refuse(question, slots, ctx)
    if not asset.glue_table:
        return reply(Intent.COMPARE, f"{name_of(asset)} has no Glue table yet.", [cite.asset(asset)], 0.8)
    ds = {c.name.lower() for c in asset.columns}
    glue_cols = set(asset.glue_columns or ())
    missing = sorted(ds - glue_cols) if asset.glue_columns is not None else []
    state = "in sync" if asset.in_sync else "not in sync"
    text = f"{name_of(asset)} maps to {asset.glue_table}, {state} (last outcome {asset.last_outcome or 'none'})."
    if missing:
        text += " Missing in Glue: " + ", ".join(missing[:10]) + "."
    return reply(Intent.COMPARE, text, [cite.asset(asset), cite.glue(asset.glue_table)], 0.8)
