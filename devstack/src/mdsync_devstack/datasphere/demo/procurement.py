"""PROCUREMENT: purchase orders (EKKO/EKPO/EKBE), suppliers (LFA1/LFB1), requisitions, invoices, Ariba contracts."""

from __future__ import annotations

from mdsync_devstack.datasphere.csn_build import Fixture, Table, col, columns, local_table, remote_table, source_ref
from mdsync_devstack.datasphere.demo.common import S4, aggregated, joined, projection, s4_remote
from mdsync_devstack.datasphere.flow_build import Endpoint, replication_flow, task_chain
from mdsync_devstack.datasphere.model_build import Assoc, Cube, Dim, analytic_model, view

SPACE = "PROCUREMENT"
_EBELN = col("EBELN", "String(10)", "Purchasing Document", "key")
_EBELP = col("EBELP", "String(5)", "Item", "key")
PO_HEADER = Table("PURCHASE_ORDER_HEADER", "Purchasing Document Header", (
    _EBELN, col("BUKRS", "String(4)", "Company Code"), col("BSART", "String(4)", "Purchasing Document Type", "dim"),
    col("LIFNR", "String(10)", "Supplier", "notnull", "dim"), col("EKORG", "String(4)", "Purchasing Organization"),
    col("EKGRP", "String(3)", "Purchasing Group"), col("BEDAT", "Date", "Purchasing Document Date", "date"),
    col("WAERS", "String(5)", "Currency", "currency"), col("ZTERM", "String(4)", "Terms of Payment Key"),
))  # fmt: skip
PO_ITEM = Table("PURCHASE_ORDER_ITEM", "Purchasing Document Item", (
    _EBELN, _EBELP, col("MATNR", "String(40)", "Material", "dim"), col("TXZ01", "String(40)", "Short Text", "text"),
    col("WERKS", "String(4)", "Plant", "dim"), col("MENGE", "Decimal(13,3)", "Purchase Order Quantity", "measure",
                                                   "qty=MEINS"),
    col("MEINS", "String(3)", "Order Unit", "unit"),
    col("NETPR", "Decimal(11,2)", "Net Price", "amount=WAERS"),
    col("NETWR", "Decimal(13,2)", "Net Order Value", "measure", "amount=WAERS"),
    col("WAERS", "String(5)", "Currency", "currency"), col("ELIKZ", "Boolean", "Delivery Completed"),
))  # fmt: skip
PO_HISTORY = Table("PO_HISTORY", "History per Purchasing Document", (
    _EBELN, _EBELP, col("ZEKKN", "String(2)", "Account Assignment", "key"), col("VGABE", "String(1)", "Event Type",
                                                                                 "key"),
    col("GJAHR", "String(4)", "Material Document Year", "key"), col("BELNR", "String(10)", "Material Document", "key"),
    col("BUZEI", "String(4)", "Item", "key"), col("BUDAT", "Date", "Posting Date", "date"),
    col("MENGE", "Decimal(13,3)", "Quantity", "measure"), col("DMBTR", "Decimal(13,2)", "Amount", "measure"),
))  # fmt: skip
SUPPLIER = Table("SUPPLIER_MASTER", "Supplier Master (General Section)", (
    col("LIFNR", "String(10)", "Supplier", "key", "textel=NAME1"), col("NAME1", "String(35)", "Name", "text"),
    col("LAND1", "String(3)", "Country/Region Key", "dim"), col("ORT01", "String(35)", "City"),
    col("STCD1", "String(16)", "Tax Number 1"), col("KTOKK", "String(4)", "Supplier Account Group"),
    col("SPERR", "Boolean", "Central Posting Block"), col("ERDAT", "Date", "Created On"),
))  # fmt: skip
SUPPLIER_COMPANY = Table("SUPPLIER_COMPANY", "Supplier Master (Company Code)", (
    col("LIFNR", "String(10)", "Supplier", "key"), col("BUKRS", "String(4)", "Company Code", "key"),
    col("AKONT", "String(10)", "Reconciliation Account"), col("ZTERM", "String(4)", "Terms of Payment Key"),
))  # fmt: skip
INFO_RECORD = Table("PURCHASING_INFO_RECORD", "Purchasing Info Record", (
    col("INFNR", "String(10)", "Purchasing Info Record", "key"), col("MATNR", "String(40)", "Material"),
    col("LIFNR", "String(10)", "Supplier"), col("MEINS", "String(3)", "Order Unit", "unit"),
    col("URZNR", "String(10)", "Certificate Number"),
))  # fmt: skip
REQUISITION = Table("PURCHASE_REQUISITION", "Purchase Requisition", (
    col("BANFN", "String(10)", "Purchase Requisition", "key"), col("BNFPO", "String(5)", "Item", "key"),
    col("MATNR", "String(40)", "Material"), col("MENGE", "Decimal(13,3)", "Quantity", "qty=MEINS"),
    col("MEINS", "String(3)", "Unit", "unit"), col("BADAT", "Date", "Requisition Date"),
    col("FRGKZ", "String(1)", "Release Indicator"),
))  # fmt: skip
INVOICE = Table("SUPPLIER_INVOICE", "Supplier Invoice Header", (
    col("BELNR", "String(10)", "Invoice Document", "key"), col("GJAHR", "String(4)", "Fiscal Year", "key"),
    col("LIFNR", "String(10)", "Invoicing Party"), col("BLDAT", "Date", "Invoice Date"),
    col("RMWWR", "Decimal(13,2)", "Gross Invoice Amount", "measure", "amount=WAERS"),
    col("WAERS", "String(5)", "Currency", "currency"), col("EBELN", "String(10)", "Purchase Order"),
))  # fmt: skip
CONTRACT = Table("ARIBA_CONTRACT", "Ariba Contract Workspaces", (
    col("CONTRACT_ID", "String(20)", "Contract Id", "key"), col("TITLE", "String(255)", "Title", "text"),
    col("SUPPLIER_ID", "String(10)", "Supplier"), col("EFFECTIVE_DATE", "Date", "Effective Date"),
    col("EXPIRATION_DATE", "Date", "Expiration Date"),
    col("AMOUNT", "DecimalFloat", "Contract Amount", "amount=CURRENCY"),
    col("CURRENCY", "String(5)", "Currency", "currency"), col("TERMS", "LargeString", "Terms and Conditions"),
))  # fmt: skip
TABLES = (PO_HEADER, PO_ITEM, PO_HISTORY, SUPPLIER, SUPPLIER_COMPANY, INFO_RECORD, REQUISITION, INVOICE)


def _views() -> list[Fixture]:
    supplier = Assoc("_SUPPLIER", "V_SUPPLIER_DIM", (("LIFNR", "LIFNR"),), "Supplier")
    material = Assoc("_MATERIAL", "MATERIALS.V_MATERIAL_DIM", (("MATNR", "MATNR"),), "Material")
    head = PO_HEADER.pick("EBELN", "BSART", "LIFNR", "EKORG", "BEDAT")
    open_query = {"SELECT": {"from": source_ref("PURCHASE_ORDER_ITEM"),
                             "columns": columns(None, [c.name for c in PO_ITEM.cols]),
                             "where": [{"ref": ["ELIKZ"]}, "=", {"val": False}]}}  # fmt: skip
    evaluation_sql = "SELECT LIFNR, COUNT(*) AS INVOICE_COUNT, SUM(RMWWR) AS RMWWR FROM SUPPLIER_INVOICE GROUP BY LIFNR"
    return [
        projection(SPACE, "V_SUPPLIER_DIM", "Supplier", "SUPPLIER_MASTER", SUPPLIER.cols, exposed=True,
                   kind="ANALYTICAL_DIMENSION",
                   assocs=[Assoc("_COUNTRY", "SHARED.V_COUNTRY_DIM", (("LAND1", "LAND1"),), "Country/Region")]),
        joined(SPACE, "V_PURCHASE_ORDER_FACT", "Purchase Order Items", ("PURCHASE_ORDER_ITEM", PO_ITEM.cols),
               ("PURCHASE_ORDER_HEADER", head), [("EBELN", "EBELN")], exposed=True, kind="ANALYTICAL_FACT",
               assocs=[supplier, material]),
        view(SPACE, "V_OPEN_PO_ITEMS", "Open Purchase Order Items", PO_ITEM.cols, open_query, exposed=True),
        view(SPACE, "V_SPEND_BY_SUPPLIER", "Spend per Supplier", [*PO_HEADER.pick("LIFNR", "WAERS"),
                                                                   *PO_ITEM.pick("NETWR")],
             aggregated("V_PURCHASE_ORDER_FACT", ["LIFNR", "WAERS"], ["NETWR"]), exposed=None),
        joined(SPACE, "V_PO_INVOICE_MATCH", "Purchase Order / Invoice Match", ("PURCHASE_ORDER_HEADER", head),
               ("SUPPLIER_INVOICE", INVOICE.pick("BELNR", "GJAHR", "RMWWR", "WAERS")), [("EBELN", "EBELN")],
               exposed=True, how="left"),
        view(SPACE, "V_SUPPLIER_EVALUATION_SQL", "Supplier Evaluation (SQL)", INVOICE.pick("LIFNR", "RMWWR"),
             aggregated("SUPPLIER_INVOICE", ["LIFNR"], ["RMWWR"]), exposed=True,
             annotations={"@DataWarehouse.sqlEditor.query": evaluation_sql}),
        projection(SPACE, "V_ACTIVE_CONTRACTS", "Active Ariba Contracts", "RT_ARIBA_CONTRACTS", CONTRACT.cols,
                   exposed=True, assocs=[Assoc("_SUPPLIER", "V_SUPPLIER_DIM", (("SUPPLIER_ID", "LIFNR"),),
                                               "Supplier")]),
    ]  # fmt: skip


def fixtures() -> list[Fixture]:
    """Every object of the PROCUREMENT space."""
    remote = [s4_remote(SPACE, table, sap) for table, sap in
              [(PO_HEADER, "EKKO"), (PO_ITEM, "EKPO"), (SUPPLIER, "LFA1")]]  # fmt: skip
    remote.append(remote_table(SPACE, "RT_ARIBA_CONTRACTS", CONTRACT, "ARIBA_CONTRACTS",
                               '"ARIBA"."CONTRACT_WORKSPACE"'))  # fmt: skip
    spend = Cube("V_PURCHASE_ORDER_FACT", "PO_FACT",
                 (*PO_ITEM.pick("EBELN", "EBELP", "MATNR", "WERKS", "MEINS", "WAERS"),
                  *PO_HEADER.pick("LIFNR", "BSART", "BEDAT")),
                 tuple(PO_ITEM.pick("MENGE", "NETWR")),
                 (Dim(Assoc("_SUPPLIER", "V_SUPPLIER_DIM", (("LIFNR", "LIFNR"),), "Supplier"),
                      (("NAME1", "Supplier Name"), ("LAND1", "Supplier Country")), "_SUPPL"),))  # fmt: skip
    flows = [
        replication_flow(SPACE, "RF_S4_PROCUREMENT", "Replicate Purchasing Documents",
                         Endpoint(S4, "ABAP", "/CDS_EXTRACTION"), Endpoint("$DWC", "HANA", "/"),
                         [("I_PURCHASEORDERAPI01", "PURCHASE_ORDER_HEADER"),
                          ("I_PURCHASEORDERITEMAPI01", "PURCHASE_ORDER_ITEM"), ("I_SUPPLIER", "SUPPLIER_MASTER")]),
        task_chain(SPACE, "TC_PROCUREMENT_DAILY", "Daily Procurement Load",
                   [("REPLICATION_FLOWS", "EXECUTE", "RF_S4_PROCUREMENT"),
                    ("REMOTE_TABLES", "REPLICATE", "RT_ARIBA_CONTRACTS")]),
    ]  # fmt: skip
    return [*(local_table(SPACE, t) for t in TABLES), *remote, *_views(),
            analytic_model(SPACE, "AM_SPEND_ANALYSIS", "Spend Analysis", spend), *flows]  # fmt: skip
