"""FINANCE tables: G/L accounts (SKA1/SKAT), company codes, journal entries (BKPF/BSEG/ACDOCA), CO, open items."""

from __future__ import annotations

from mdsync_devstack.datasphere.csn_build import Table, col
from mdsync_devstack.datasphere.demo.common import text_table

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
OPEN_ITEM_COLS = (_BUKRS, _GJAHR, _BELNR, col("BUZEI", "String(3)", "Line Item", "key"),
                   col("BUDAT", "Date", "Posting Date", "date"), col("ZFBDT", "Date", "Baseline Date"),
                   col("DMBTR", "Decimal(23,2)", "Amount in Local Currency", "measure", "amount=WAERS"),
                   col("WAERS", "String(5)", "Currency", "currency"))  # fmt: skip
AR_OPEN = Table("AR_OPEN_ITEMS", "Customer Open Items", (*OPEN_ITEM_COLS, col("KUNNR", "String(10)", "Customer")))
AP_OPEN = Table("AP_OPEN_ITEMS", "Supplier Open Items", (*OPEN_ITEM_COLS, col("LIFNR", "String(10)", "Supplier")))
TABLES = (GL_ACCOUNT, GL_TEXT, COMPANY, JE_HEADER, JE_ITEM, ACDOCA, COST_CENTER, COST_CENTER_TEXT, PROFIT_CENTER,
          FISCAL_PERIOD, AR_OPEN, AP_OPEN)  # fmt: skip
