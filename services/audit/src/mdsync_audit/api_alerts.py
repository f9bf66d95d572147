"""The alerts API: list alerts by state, one alert with its deliveries, acknowledge an open alert."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from mdsync_audit.alerts.delivery.outcomes import DeliveryOutcome
from mdsync_audit.alerts.lifecycle import AckRefusedError
from mdsync_audit.alerts.model import AlertDoc, AlertState, reaches_alert
from mdsync_audit.alerts.service import STATE_KEY, Alerting
from mdsync_audit.api_deps import S
from mdsync_runtime.auth.api import Operator

router = APIRouter(tags=["alerts"])


class AlertList(BaseModel):
    """Alerts, most recently changed first."""

    model_config = ConfigDict(frozen=True)

    items: tuple[AlertDoc, ...] = Field(description="The alerts.")


class AlertDetail(BaseModel):
    """One alert and what became of its notices."""

    model_config = ConfigDict(frozen=True)

    alert: AlertDoc = Field(description="The alert.")
    deliveries: tuple[DeliveryOutcome, ...] = Field(description="Delivery outcomes, newest first.")


class AckRequest(BaseModel):
    """Why an alert is acknowledged (who is the caller's token subject)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str = Field(min_length=1, max_length=2000, description="Why, or what is being done.")


def alerting(request: Request) -> Alerting:
    """The running service's alerting (503 while it is not started)."""
    found: Alerting | None = request.app.state.runtime.state.get(STATE_KEY)
    if found is None:
        raise HTTPException(status_code=503, detail="alerting is not running")
    return found


@router.get("/alerts", response_model=AlertList, summary="List alerts")
async def alerts(
    request: Request,
    reach: S,
    state: Annotated[
        list[AlertState] | None, Query(description="States to list (default: open and acknowledged).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AlertList:
    """Alerts in the given states of the caller's tenants and spaces, most recently changed first."""
    wanted = state or [AlertState.OPEN, AlertState.ACKNOWLEDGED]
    found = await alerting(request).evaluator.store.listed(wanted)
    visible = (a for a in found if reaches_alert(a, reach))
    ordered = sorted(visible, key=lambda a: (a.event_at, a.id), reverse=True)
    return AlertList(items=tuple(ordered[:limit]))


@router.get("/alerts/{alert_id:path}", response_model=AlertDetail, summary="One alert")
async def alert(request: Request, reach: S, alert_id: str) -> AlertDetail:
    """An alert with its delivery outcomes."""
    running = alerting(request)
    doc = await running.evaluator.store.get(alert_id)
    if doc is None or not reaches_alert(doc, reach):
        raise HTTPException(status_code=404, detail=f"alert {alert_id!r} not found")
    return AlertDetail(alert=doc, deliveries=tuple(await running.outcomes.of_alert(alert_id)))


@router.post("/alerts/{alert_id:path}/ack", response_model=AlertDoc, summary="Acknowledge an alert")
async def acknowledge(request: Request, principal: Operator, reach: S, alert_id: str, body: AckRequest) -> AlertDoc:
    """Take an open alert on (operators; the token's subject is who); 409 unless it is open."""
    found = await alerting(request).evaluator.store.get(alert_id)
    if found is not None and not reaches_alert(found, reach):
        raise HTTPException(status_code=404, detail=f"alert {alert_id!r} not found")
    try:
        doc = await alerting(request).evaluator.acknowledge(alert_id, principal.subject, body.reason)
    except AckRefusedError as error:
        raise HTTPException(status_code=409, detail=str(error)) from error
    if doc is None:
        raise HTTPException(status_code=404, detail=f"alert {alert_id!r} not found")
    return doc
