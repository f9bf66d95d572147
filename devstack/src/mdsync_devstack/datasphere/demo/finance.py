"""FINANCE: G/L accounts, journal entries (BKPF/BSEG/ACDOCA), cost and profit centers, open items."""

from __future__ import annotations

from typing import Any

from mdsync_devstack.datasphere.csn_build import Fixture, Table, col, columns, local_table, source_ref, union
from mdsync_devstack.datasphere.demo.common import S4, aggregated, joined, projection, s4_remote, text_assoc, text_table
from mdsync_devstack.datasphere.model_build import (
    Assoc,
    Cube,
    Dim,
    Endpoint,
    analytic_model,
    data_flow,
    replication_flow,
    task_chain,
    view,
)

SPACE = "FINANCE"
_BUKRS = col("BUKRS", "String(4)", "Company Code", "key")
_GJAHR = col("GJAHR", "String(4)", "Fiscal Year", "key", "cal=year")
_BELNR = col("BELNR", "String(10)", "Accounting Document Number", "key")
GL_ACCOUNT = Table("GL_ACCOUNT_MASTER", "G/L Account Master (Chart of Accounts)", (
    col("KTOPL", "String(4)", "Chart of Accounts", "key"),
    col("SAKNR", "String(10)", "G/L Account Number", "key"),
    col("XBILK", "Boolean", "Balance Sheet Account"),
    col("GVTYP", "String(2)", "P&L Statement Account Type"),
    col("KTOKS", "String(4)", "G/L Account Group"),
    col("ERDAT", "Date", "Created On", "date"),
))  # fmt: skip
GL_TEXT = text_table("GL_ACCOUNT_TEXT", "G/L Account Texts", col("SAKNR", "String(10)", "G/L Account", "key"), 50)
COMPANY = Table("COMPANY_CODE", "Company Codes", (
    _BUKRS, col("BUTXT", "String(25)", "Name of Company Code", "text"), col("ORT01", "String(25)", "City"),
    col("LAND1", "String(3)", "Country/Region Key"), col("WAERS", "String(5)", "Currency", "currency"),
    col("KTOPL", "String(4)", "Chart of Accounts"), col("PERIV", "String(2)", "Fiscal Year Variant"),
))  # fmt: skip
JE_HEADER = Table("JOURNAL_ENTRY_HEADER", "Accounting Document Header", (
    _BUKRS, _BELNR, _GJAHR,
    col("BLART", "String(2)", "Document Type"), col("BLDAT", "Date", "Document Date", "date"),
    col("BUDAT", "Date", "Posting Date", "date"), col("MONAT", "hana.TINYINT", "Fiscal Period"),
    col("CPUDT", "Date", "Entry Date"), col("CPUTM", "Time", "Entry Time"), col("USNAM", "String(12)", "User Name"),
    col("WAERS", "String(5)", "Currency Key", "currency"), col("XBLNR", "String(16)", "Reference Document Number"),
))  # fmt: skip
JE_ITEM = Table("JOURNAL_ENTRY_ITEM", "Accounting Document Segment", (
    _BUKRS, _BELNR, _GJAHR, col("BUZEI", "String(3)", "Line Item", "key"),
    col("SHKZG", "String(1)", "Debit/Credit Indicator"), col("HKONT", "String(10)", "G/L Account"),
    col("KOSTL", "String(10)", "Cost Center"), col("PRCTR", "String(10)", "Profit Center"),
    col("DMBTR", "Decimal(23,2)", "Amount in Local Currency", "measure", "amount=HWAER"),
    col("HWAER", "String(5)", "Local Currency", "currency"),
    col("WRBTR", "Decimal(23,2)", "Amount in Document Currency", "measure", "amount=WAERS"),
    col("WAERS", "String(5)", "Document Currency", "currency"), col("SGTXT", "String(50)", "Item Text"),
))  # fmt: skip
ACDOCA = Table("UNIVERSAL_JOURNAL", "Universal Journal Entry Line Items", (
    col("RLDNR", "String(2)", "Ledger", "key"), _BUKRS, _GJAHR, _BELNR, col("DOCLN", "String(6)", "Line Item", "key"),
    col("RACCT", "String(10)", "Account Number", "dim"), col("RCNTR", "String(10)", "Cost Center", "dim"),
    col("PRCTR", "String(10)", "Profit Center", "dim"), col("POPER", "String(3)", "Posting Period"),
    col("BUDAT", "Date", "Posting Date", "date"),
    col("HSL", "Decimal(23,2)", "Amount in Company Code Currency", "measure", "amount=RHCUR"),
    col("RHCUR", "String(5)", "Company Code Currency", "currency"),
    col("KSL", "Decimal(23,2)", "Amount in Global Currency", "measure", "amount=RKCUR"),
    col("RKCUR", "String(5)", "Global Currency", "currency"),
    col("MSL", "Decimal(23,3)", "Quantity", "measure", "qty=RUNIT"), col("RUNIT", "String(3)", "Base Unit", "unit"),
    col("TIMESTAMP", "Decimal(15,0)", "UTC Time Stamp"),
))  # fmt: skip
COST_CENTER = Table("COST_CENTER", "Cost Center Master Data", (
    col("KOKRS", "String(4)", "Controlling Area", "key"), col("KOSTL", "String(10)", "Cost Center", "key"),
    col("DATBI", "Date", "Valid To Date", "key"), col("DATAB", "Date", "Valid-From Date"),
    col("BUKRS", "String(4)", "Company Code"), col("KOSAR", "String(1)", "Cost Center Category"),
    col("VERAK", "String(20)", "Person Responsible"), col("PRCTR", "String(10)", "Profit Center"),
))  # fmt: skip
COST_CENTER_TEXT = text_table("COST_CENTER_TEXT", "Cost Center Texts", col("KOSTL", "String(10)", "Cost Center", "key"))
PROFIT_CENTER = Table("PROFIT_CENTER", "Profit Center Master Data", (
    col("KOKRS", "String(4)", "Controlling Area", "key"), col("PRCTR", "String(10)", "Profit Center", "key"),
    col("DATBI", "Date", "Valid To Date", "key"), col("VERAK", "String(20)", "Person Responsible"),
    col("ABTEI", "String(12)", "Department"), col("SEGMENT", "String(10)", "Segment"),
))  # fmt: skip
FISCAL_PERIOD = Table("FISCAL_PERIOD", "Shortened Fiscal Years / Periods", (
    col("PERIV", "String(2)", "Fiscal Year Variant", "key"), col("BDATJ", "String(4)", "Calendar Year", "key"),
    col("BUMON", "String(2)", "Month", "key"), col("POPER", "String(3)", "Posting Period"),
    col("RELJR", "String(2)", "Fiscal Year Shift"),
))  # fmt: skip
_OPEN_ITEM_COLS = (_BUKRS, _GJAHR, _BELNR, col("BUZEI", "String(3)", "Line Item", "key"),
                   col("BUDAT", "Date", "Posting Date", "date"), col("ZFBDT", "Date", "Baseline Date"),
                   col("DMBTR", "Decimal(23,2)", "Amount in Local Currency", "measure", "amount=WAERS"),
                   col("WAERS", "String(5)", "Currency", "currency"))  # fmt: skip
AR_OPEN = Table("AR_OPEN_ITEMS", "Customer Open Items", (*_OPEN_ITEM_COLS, col("KUNNR", "String(10)", "Customer")))
AP_OPEN = Table("AP_OPEN_ITEMS", "Supplier Open Items", (*_OPEN_ITEM_COLS, col("LIFNR", "String(10)", "Supplier")))
TABLES = (GL_ACCOUNT, GL_TEXT, COMPANY, JE_HEADER, JE_ITEM, ACDOCA, COST_CENTER, COST_CENTER_TEXT, PROFIT_CENTER,
          FISCAL_PERIOD, AR_OPEN, AP_OPEN)  # fmt: skip


def _views() -> list[Fixture]:
    account = Assoc("_GLACCOUNT", "V_GL_ACCOUNT_DIM", (("RACCT", "SAKNR"),), "G/L Account")
    company = Assoc("_COMPANY", "V_COMPANY_CODE_DIM", (("BUKRS", "BUKRS"),), "Company Code")
    cost_center = Assoc("_COSTCENTER", "V_COST_CENTER_DIM", (("RCNTR", "KOSTL"),), "Cost Center")
    balances = ACDOCA.pick("RLDNR", "BUKRS", "GJAHR", "POPER", "RACCT", "RCNTR", "PRCTR", "RHCUR", "HSL", "KSL")
    open_cols = [
        *_OPEN_ITEM_COLS,
        col("PARTNER", "String(10)", "Business Partner"),
        col("KOART", "String(1)", "Account Type"),
    ]
    names = [c.name for c in _OPEN_ITEM_COLS]

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
