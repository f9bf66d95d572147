"""Assets: search; detail with the Datasphere and Glue sides next to each other; history with diffs; provenance."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from mdsync_ui.client import call, get
from mdsync_ui.common import as_json, attempt, page, text
from mdsync_ui.tenants import tenant_of, with_tenant

tenant = page("Assets")

cols = st.columns(3)
query = cols[0].text_input("Search (name, label)")
space = cols[1].text_input("Space")
kind = cols[2].text_input("Kind")
found = attempt(lambda: get("audit", "/assets", q=query, space=space, kind=kind, tenant=tenant))
items = (found or {}).get("items", [])
st.dataframe(pd.DataFrame(with_tenant(items)), hide_index=True, width="stretch")
asset_id = st.selectbox("Asset", [i["asset_id"] for i in items]) if items else None


def _datasphere_side(asset: dict[str, Any]) -> None:
    st.subheader("Datasphere")
    text(f"{asset['_id']} ({asset['kind']}) version {asset.get('version')} · tenant {tenant_of(asset)}")
    text(asset.get("label") or "")
    columns = (asset.get("definition") or {}).get("columns", [])
    st.dataframe(
        pd.DataFrame([{k: c.get(k) for k in ("name", "cds_type", "length", "key", "label")} for c in columns]),
        hide_index=True,
    )


def _glue_side(asset: dict[str, Any]) -> None:
    st.subheader("Glue")
    glue = asset.get("glue") or {}
    text(f"{glue.get('table', 'no table')} · last action {glue.get('action', '—')} · version {glue.get('version_id')}")
    scope = {"spaces": [], "assets": [{"space": asset["space"], "technical_name": asset["technical_name"]}]}
    body = {"scope": scope, "include_tables": True, "tenant": tenant_of(asset) or None}
    plan = attempt(lambda: call("mapper", "POST", "/plan", body))
    for entry in (plan or {}).get("entries", []):
        table_input = entry.get("table_input") or {}
        columns = (table_input.get("StorageDescriptor") or {}).get("Columns", [])
        st.dataframe(
            pd.DataFrame([{k: c.get(k) for k in ("Name", "Type", "Comment")} for c in columns]), hide_index=True
        )
        text(f"verdict {entry['verdict']} · change {entry['change_class']} · lossy {entry.get('lossy_columns')}")


if asset_id:
    asset = attempt(lambda: get("audit", f"/assets/{asset_id}", tenant=tenant))
    if asset:
        left, right = st.columns(2)
        with left:
            _datasphere_side(asset)
        with right:
            _glue_side(asset)
        st.subheader("History")
        history = attempt(lambda: get("audit", f"/assets/{asset_id}/history", tenant=tenant)) or {}
        versions = [v["version"] for v in history.get("versions", [])]
        st.dataframe(
            pd.DataFrame(
                [
                    {k: v.get(k) for k in ("version", "change", "at", "job_id", "content_hash")}
                    for v in history.get("versions", [])
                ]
            ),
            hide_index=True,
        )
        if len(versions) > 1:
            a, b = st.columns(2)
            older = a.selectbox("From version", versions, index=len(versions) - 2)
            newer = b.selectbox("To version", versions, index=len(versions) - 1)
            diff_path = f"/assets/{asset_id}/diff"
            as_json(attempt(lambda: get("audit", diff_path, from_version=older, to_version=newer, tenant=tenant)))
        table = (asset.get("glue") or {}).get("table")
        if table:
            st.subheader("Provenance")
            provenance = attempt(lambda: get("audit", f"/glue/{table}/provenance", tenant=tenant)) or {}
            st.dataframe(
                pd.DataFrame(
                    [
                        {"role": s["role"], "type": s["event"]["type"], "at": s["event"]["occurred_at"]}
                        for s in provenance.get("steps", [])
                    ]
                ),
                hide_index=True,
            )
            as_json(provenance)
