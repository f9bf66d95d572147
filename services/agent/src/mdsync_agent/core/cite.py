"""Citations with natural-key ids, and the check that every citation names a visible record."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from mdsync_agent.core.models import AssetRecord, Catalog, Citation, CitationKind, JobRecord


def asset(record: AssetRecord) -> Citation:
    """Cite an asset."""
    title = f"{record.technical_name} ({record.label})" if record.label else record.technical_name
    return Citation(kind=CitationKind.ASSET, id=record.asset_id, title=title[:120], link=f"/assets/{record.asset_id}")


def column(record: AssetRecord, name: str) -> Citation:
    """Cite a column of an asset."""
    return Citation(
        kind=CitationKind.COLUMN,
        id=f"{record.asset_id}#{name}",
        title=f"{record.technical_name}.{name}",
        link=f"/assets/{record.asset_id}",
    )


def glue(table: str) -> Citation:
    """Cite a Glue table `{database}.{table}`."""
    return Citation(kind=CitationKind.GLUE_TABLE, id=table, title=table, link=f"/glue/{table}/provenance")


def job(record: JobRecord) -> Citation:
    """Cite a job."""
    return Citation(
        kind=CitationKind.JOB, id=record.job_id, title=f"job {record.job_id}", link=f"/jobs/{record.job_id}"
    )


def space(name: str) -> Citation:
    """Cite a space."""
    return Citation(kind=CitationKind.SPACE, id=f"space:{name}", title=name, link=f"/assets?space={quote(name)}")


def known_ids(catalog: Catalog) -> set[str]:
    """Every citation id the caller may see."""
    ids = {f"space:{s}" for s in catalog.spaces} | {j.job_id for j in catalog.jobs}
    for record in catalog.assets:
        ids.add(record.asset_id)
        ids.update(f"{record.asset_id}#{c.name}" for c in record.columns)
        if record.glue_table:
            ids.add(record.glue_table)
    return ids


def grounded(citations: Iterable[Citation], catalog: Catalog) -> tuple[Citation, ...]:
    """The citations that name a visible record, duplicates dropped (order kept)."""
    ids = known_ids(catalog)
    kept: dict[str, Citation] = {}
    for citation in citations:
        if citation.id in ids and citation.id not in kept:
            kept[citation.id] = citation
    return tuple(kept.values())
