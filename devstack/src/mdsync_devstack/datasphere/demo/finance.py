"""FINANCE: G/L accounts, journal entries (BKPF/BSEG/ACDOCA), cost and profit centers, open items."""

from __future__ import annotations

from typing import Any

from mdsync_devstack.datasphere.csn_build import Fixture, col, columns, local_table, source_ref, union
from mdsync_devstack.datasphere.demo.common import S4, aggregated, joined, projection, s4_remote, text_assoc
from mdsync_devstack.datasphere.demo.finance_tables import (
    ACDOCA,
    AR_OPEN,
    COMPANY,
    COST_CENTER,
    GL_ACCOUNT,
    GL_TEXT,
    JE_HEADER,
    JE_ITEM,
    OPEN_ITEM_COLS,
    PROFIT_CENTER,
    TABLES,
)
from mdsync_devstack.datasphere.flow_build import Endpoint, data_flow, replication_flow, task_chain
from mdsync_devstack.datasphere.model_build import Assoc, Cube, Dim, analytic_model, view

SPACE = "FINANCE"


def _views() -> list[Fixture]:
    account = Assoc("_GLACCOUNT", "V_GL_ACCOUNT_DIM", (("RACCT", "SAKNR"),), "G/L Account")
    company = Assoc("_COMPANY", "V_COMPANY_CODE_DIM", (("BUKRS", "BUKRS"),), "Company Code")
    cost_center = Assoc("_COSTCENTER", "V_COST_CENTER_DIM", (("RCNTR", "KOSTL"),), "Cost Center")
    balances = ACDOCA.pick("RLDNR", "BUKRS", "GJAHR", "POPER", "RACCT", "RCNTR", "PRCTR", "RHCUR", "HSL", "KSL")
    open_cols = [
        *OPEN_ITEM_COLS,
        col("PARTNER", "String(10)", "Business Partner"),
        col("KOART", "String(1)", "Account Type"),
    ]
    names = [c.name for c in OPEN_ITEM_COLS]

    def open_select(source: str, partner: str, kind: str) -> dict[str, Any]:
        cols = [*columns(None, names), {"ref": [partner], "as": "PARTNER"}, {"val": kind, "as": "KOART"}]
        return {"SELECT": {"from": source_ref(source), "columns": cols}}

    aging_where = [{"ref": ["ZFBDT"]}, "<=", {"ref": ["P_KEY_DATE"], "param": True}]
    aging_query = {
        "SELECT": {
            "from": source_ref("AR_OPEN_ITEMS"),
            "columns": columns(None, [c.name for c in AR_OPEN.cols]),
            "where": aging_where,
        }
    }
    recon_cols = [
        *JE_HEADER.pick("BUKRS", "BELNR", "GJAHR", "BUDAT", "WAERS"),
        col("VBELN", "String(10)", "Billing Document"),
        col("NETWR", "Decimal(15,2)", "Billed Net Value", "amount=WAERS"),
    ]
    recon_from = {
        "join": "left",
        "args": [source_ref("V_JOURNAL_ENTRIES", "JE"), source_ref("SALES.V_BILLING_DOCUMENTS", "BILL")],
        "on": [
            {"ref": ["JE", "BELNR"]},
            "=",
            {"ref": ["BILL", "BELNR"]},
            "and",
            {"ref": ["JE", "GJAHR"]},
            "=",
            {"ref": ["BILL", "GJAHR"]},
        ],
    }
    recon_query = {
        "SELECT": {
            "from": recon_from,
            "columns": [
                *columns("JE", ["BUKRS", "BELNR", "GJAHR", "BUDAT", "WAERS"]),
                *columns("BILL", ["VBELN", "NETWR"]),
            ],
        }
    }
    trial_sql = "SELECT RBUKRS AS BUKRS, GJAHR, RACCT, SUM(HSL) AS HSL FROM UNIVERSAL_JOURNAL GROUP BY 1, 2, 3"
    return [
        projection(
            SPACE,
            "V_GL_ACCOUNT_DIM",
            "G/L Account",
            "GL_ACCOUNT_MASTER",
            GL_ACCOUNT.cols,
            exposed=True,
            kind="ANALYTICAL_DIMENSION",
            assocs=[text_assoc("_TEXT", "V_GL_ACCOUNT_TEXT", "SAKNR", "Text")],
        ),
        projection(
            SPACE,
            "V_GL_ACCOUNT_TEXT",
            "G/L Account Text",
            "GL_ACCOUNT_TEXT",
            GL_TEXT.cols,
            exposed=None,
            kind="LANGUAGE_DEPENDENT_TEXT",
        ),
        projection(
            SPACE,
            "V_COMPANY_CODE_DIM",
            "Company Code",
            "COMPANY_CODE",
            COMPANY.cols,
            exposed=True,
            kind="ANALYTICAL_DIMENSION",
            assocs=[Assoc("_COUNTRY", "SHARED.V_COUNTRY_DIM", (("LAND1", "LAND1"),), "Country/Region")],
        ),
        projection(
            SPACE,
            "V_COST_CENTER_DIM",
            "Cost Center",
            "COST_CENTER",
            COST_CENTER.cols,
            exposed=True,
            kind="ANALYTICAL_DIMENSION",
        ),
        projection(
            SPACE,
            "V_PROFIT_CENTER_DIM",
            "Profit Center",
            "PROFIT_CENTER",
            PROFIT_CENTER.cols,
            exposed=True,
            kind="ANALYTICAL_DIMENSION",
        ),
        joined(
            SPACE,
            "V_JOURNAL_ENTRIES",
            "Journal Entries",
            ("JOURNAL_ENTRY_ITEM", JE_ITEM.cols),
            ("JOURNAL_ENTRY_HEADER", JE_HEADER.cols),
            [("BUKRS", "BUKRS"), ("BELNR", "BELNR"), ("GJAHR", "GJAHR")],
            exposed=None,
        ),
        view(
            SPACE,
            "V_GL_BALANCES_FACT",
            "G/L Account Balances",
            balances,
            aggregated(
                "UNIVERSAL_JOURNAL",
                ["RLDNR", "BUKRS", "GJAHR", "POPER", "RACCT", "RCNTR", "PRCTR", "RHCUR"],
                ["HSL", "KSL"],
            ),
            exposed=True,
            kind="ANALYTICAL_FACT",
            assocs=[account, company, cost_center],
        ),
        view(
            SPACE,
            "V_REVENUE_RECONCILIATION",
            "Revenue Reconciliation (Billing vs. G/L)",
            recon_cols,
            recon_query,
            exposed=True,
        ),
        view(
            SPACE,
            "V_AR_AGING",
            "Receivables Aging at Key Date",
            AR_OPEN.cols,
            aging_query,
            exposed=True,
            params=[col("P_KEY_DATE", "Date", "Key Date")],
        ),
        view(
            SPACE,
            "V_OPEN_ITEMS_ALL",
            "Open Items (Receivables and Payables)",
            open_cols,
            union(open_select("AR_OPEN_ITEMS", "KUNNR", "D"), open_select("AP_OPEN_ITEMS", "LIFNR", "K")),
            exposed=True,
        ),
        view(
            SPACE,
            "V_TRIAL_BALANCE_SQL",
            "Trial Balance (SQL)",
            ACDOCA.pick("BUKRS", "GJAHR", "RACCT", "HSL"),
            aggregated("UNIVERSAL_JOURNAL", ["BUKRS", "GJAHR", "RACCT"], ["HSL"]),
            exposed=False,
            annotations={"@DataWarehouse.sqlEditor.query": trial_sql},
        ),
    ]


def _models() -> list[Fixture]:
    account = Assoc("_GLACCOUNT", "V_GL_ACCOUNT_DIM", (("RACCT", "SAKNR"),), "G/L Account")
    gl = Cube(
        "V_GL_BALANCES_FACT",
        "GL_BALANCES",
        tuple(ACDOCA.pick("RLDNR", "BUKRS", "GJAHR", "POPER", "RACCT", "RCNTR", "PRCTR", "RHCUR")),
        tuple(ACDOCA.pick("HSL", "KSL")),
        (Dim(account, (("KTOKS", "Account Group"),), "_GL"),),
    )
    cost = Cube(
        "V_GL_BALANCES_FACT",
        "CC_ACTUALS",
        tuple(ACDOCA.pick("BUKRS", "GJAHR", "POPER", "RCNTR", "RHCUR")),
        tuple(ACDOCA.pick("HSL")),
        (
            Dim(
                Assoc("_COSTCENTER", "V_COST_CENTER_DIM", (("RCNTR", "KOSTL"),), "Cost Center"),
                (("VERAK", "Person Responsible"), ("KOSAR", "Cost Center Category")),
                "_CC",
            ),
        ),
    )
    return [
        analytic_model(SPACE, "AM_GL_ANALYSIS", "General Ledger Analysis", gl),
        analytic_model(SPACE, "AM_COST_CENTER_ACTUALS", "Cost Center Actuals", cost),
    ]


def fixtures() -> list[Fixture]:
    """Every object of the FINANCE space."""
    remote = [
        s4_remote(SPACE, table, sap)
        for table, sap in [
            (ACDOCA, "ACDOCA"),
            (JE_HEADER, "BKPF"),
            (JE_ITEM, "BSEG"),
            (GL_ACCOUNT, "SKA1"),
            (COST_CENTER, "CSKS"),
        ]
    ]
    s4, dwc = Endpoint(S4, "ABAP", "/CDS_EXTRACTION"), Endpoint("$DWC", "HANA", "/")
    flows = [
        replication_flow(
            SPACE,
            "RF_S4_FI_DOCUMENTS",
            "Replicate Journal Entries",
            s4,
            dwc,
            [
                ("I_JOURNALENTRY", "JOURNAL_ENTRY_HEADER"),
                ("I_JOURNALENTRYITEM", "UNIVERSAL_JOURNAL"),
                ("I_OPERATIONALACCTGDOCITEM", "JOURNAL_ENTRY_ITEM"),
            ],
        ),
        data_flow(
            SPACE,
            "DF_LOAD_GL_ACCOUNTS",
            "Load G/L Accounts",
            ["RT_S4_SKA1"],
            "GL_ACCOUNT_MASTER",
            [(c.name, f'"{c.name}"') for c in GL_ACCOUNT.cols],
        ),
        data_flow(
            SPACE,
            "DF_LOAD_COST_CENTERS",
            "Load Cost Centers",
            ["RT_S4_CSKS"],
            "COST_CENTER",
            [(c.name, f'"{c.name}"') for c in COST_CENTER.cols],
        ),
        task_chain(
            SPACE,
            "TC_FINANCE_MONTH_END",
            "Month-End Close Load",
            [
                ("REPLICATION_FLOWS", "EXECUTE", "RF_S4_FI_DOCUMENTS"),
                ("DATA_FLOWS", "EXECUTE", "DF_LOAD_GL_ACCOUNTS"),
                ("DATA_FLOWS", "EXECUTE", "DF_LOAD_COST_CENTERS"),
                ("VIEWS", "PERSIST", "V_GL_BALANCES_FACT"),
            ],
        ),
    ]
    return [*(local_table(SPACE, table) for table in TABLES), *remote, *_views(), *_models(), *flows]
