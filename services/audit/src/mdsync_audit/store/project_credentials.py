"""Writes of the credentials view: one small document per tenant with its latest report."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.core.credentials import CredentialsView, apply_report
from mdsync_audit.core.stored import StoredEvent
from mdsync_audit.store import schema
from mdsync_audit.store.bulk import BulkDatabase
from mdsync_audit.store.docs import modify
from mdsync_contracts.credentials import CredentialsReported
from mdsync_runtime.store import Document


class CredentialsProjector:
    """Keeps each tenant's latest credentials report (optimistic revision: no transactions needed)."""

    def __init__(self, db: BulkDatabase) -> None:
        self.db = db

    async def report(self, event: StoredEvent, message: CredentialsReported) -> None:
        """Keep ``message`` unless a newer report of its tenant is stored already."""
        await modify(
            self.db[schema.CREDENTIALS], CredentialsView, message.tenant, lambda v: apply_report(v, event, message)
        )


async def latest_reports(db: AsyncDatabase[Document]) -> list[CredentialsReported]:
    """Every tenant's latest report, by tenant (one find over a document per tenant)."""
    found = await db[schema.CREDENTIALS].find({}).to_list(None)
    views = sorted((CredentialsView.model_validate(raw) for raw in found), key=lambda v: v.id)
    return [view.report() for view in views]
