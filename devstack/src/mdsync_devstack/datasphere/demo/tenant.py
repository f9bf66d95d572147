"""The demo tenant's ``tenant.json`` and per-space connections."""

from __future__ import annotations

from typing import Any

SPACES = [
    {"name": "SALES", "label": "Sales & Distribution"},
    {"name": "FINANCE", "label": "Finance & Controlling"},
    {"name": "MATERIALS", "label": "Materials Management"},
    {"name": "PROCUREMENT", "label": "Procurement"},
    {"name": "HR", "label": "Human Resources"},
    {"name": "PLANT", "label": "Plant Maintenance & IoT"},
    {"name": "SHARED", "label": "Shared Dimensions"},
]
# Demo secrets only: the simulator is local and these clients exist nowhere else.
CLIENTS = [
    {"client_id": "sb-mdsync-sync!t4711", "client_secret": "demo-sync-7Hq2", "spaces": ["*"],
     "refresh_token": "demo-refresh-4f1c9a"},
    {"client_id": "sb-mdsync-sales!t4711", "client_secret": "demo-sales-9Kd3", "spaces": ["SALES", "SHARED"]},
    {"client_id": "sb-mdsync-noaccess!t4711", "client_secret": "demo-none-2Xp8", "spaces": []},
]  # fmt: skip


def tenant_json() -> dict[str, Any]:
    """The body of ``tenant.json``."""
    return {"name": "demo", "spaces": SPACES, "clients": CLIENTS}


def _connection(name: str, business: str, type_id: str, created: str, creator: str) -> dict[str, Any]:
    replication = "NOT_SUPPORTED" if type_id == "S3" else "SUPPORTED"
    return {"name": name, "businessName": business, "typeId": type_id, "creation_date": created,
            "creator": creator, "realtimeReplicationStatus": replication}  # fmt: skip


_S4 = ("S4H_PROD", "S/4HANA Production (PRD/100)", "SAPS4HANACLOUD")
_S3 = ("S3_DATALAKE", "Corporate Data Lake (S3)", "S3")
_HANA = ("HANA_IOT_ARCHIVE", "HANA on-premise IoT Archive", "HANA")


def connections() -> dict[str, list[dict[str, Any]]]:
    """``spaces/<SPACE>/connections.json`` bodies (bare arrays, as the REST API returns them)."""
    created, creator = "2026-01-12 09:14:03.118000000 UTC", "DWC_ADMIN"

    def of(*entries: tuple[str, str, str]) -> list[dict[str, Any]]:
        return [_connection(*entry, created, creator) for entry in entries]

    return {
        "SALES": of(_S4, _S3, ("MSSQL_WEBSHOP", "Web Shop Orders (SQL Server)", "MSSQL")),
        "FINANCE": of(_S4),
        "MATERIALS": of(_S4, _S3),
        "PROCUREMENT": of(_S4, ("ARIBA_CONTRACTS", "SAP Ariba Contracts (HANA)", "HANA")),
        "HR": of(("SF_EMPLOYEE_CENTRAL", "SuccessFactors Employee Central", "SAPSUCCESSFACTORS"), _S3),
        "PLANT": of(_S4, _HANA, _S3),
    }
