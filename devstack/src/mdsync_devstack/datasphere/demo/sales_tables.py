"""SALES tables: S/4HANA sales & distribution (VBAK, VBAP, VBEP, KNA1, KNVV, LIKP, LIPS, VBRK, VBRP, …)."""

from __future__ import annotations

from mdsync_devstack.datasphere.csn_build import Table, col
from mdsync_devstack.datasphere.demo.common import text_table

ORDER_HEADER = Table(
    "SALES_ORDER_HEADER",
    "Sales Document: Header Data",
    (
        col("VBELN", "String(10)", "Sales Document", "key"),
        col("ERDAT", "Date", "Created On", "date"),
        col("ERZET", "Time", "Entry Time"),
        col("ERNAM", "String(12)", "Created By"),
        col("AUDAT", "Date", "Document Date"),
        col("VBTYP", "String(4)", "SD Document Category"),
        col("AUART", "String(4)", "Sales Document Type", "dim"),
        col("VKORG", "String(4)", "Sales Organization", "dim"),
        col("VTWEG", "String(2)", "Distribution Channel", "dim"),
        col("SPART", "String(2)", "Division", "dim"),
        col("KUNNR", "String(10)", "Sold-To Party", "notnull", "dim"),
        col("BSTNK", "String(35)", "Customer Reference"),
        col("NETWR", "Decimal(15,2)", "Net Value of the Sales Order", "measure", "amount=WAERK"),
        col("WAERK", "String(5)", "SD Document Currency", "currency"),
        col("GBSTK", "String(1)", "Overall Processing Status"),
        col("ORDER_UUID", "UUID", "Sales Order UUID"),
        col("LAST_CHANGED_AT", "Timestamp", "Last Changed At"),
    ),
)
ORDER_ITEM = Table(
    "SALES_ORDER_ITEM",
    "Sales Document: Item Data",
    (
        col("VBELN", "String(10)", "Sales Document", "key"),
        col("POSNR", "String(6)", "Sales Document Item", "key"),
        col("MATNR", "String(40)", "Material", "dim"),
        col("ARKTX", "String(40)", "Short Text for Sales Order Item", "text"),
        col("PSTYV", "String(4)", "Item Category"),
        col("KWMENG", "Decimal(15,3)", "Cumulative Order Quantity", "measure", "qty=VRKME"),
        col("VRKME", "String(3)", "Sales Unit", "unit"),
        col("NETWR", "Decimal(15,2)", "Net Value of the Order Item", "measure", "amount=WAERK"),
        col("WAERK", "String(5)", "SD Document Currency", "currency"),
        col("NETPR", "Decimal(11,2)", "Net Price", "amount=WAERK"),
        col("WERKS", "String(4)", "Plant", "dim"),
        col("ABGRU", "String(2)", "Reason for Rejection"),
        col("ERDAT", "Date", "Created On", "date"),
    ),
)
SCHEDULE_LINE = Table(
    "SALES_ORDER_SCHEDULE_LINE",
    "Sales Document: Schedule Line Data",
    (
        col("VBELN", "String(10)", "Sales Document", "key"),
        col("POSNR", "String(6)", "Sales Document Item", "key"),
        col("ETENR", "String(4)", "Schedule Line Number", "key"),
        col("EDATU", "Date", "Schedule Line Date", "date"),
        col("WMENG", "Decimal(13,3)", "Order Quantity in Sales Units", "measure", "qty=VRKME"),
        col("BMENG", "Decimal(13,3)", "Confirmed Quantity", "measure", "qty=VRKME"),
        col("VRKME", "String(3)", "Sales Unit", "unit"),
        col("LIFSP", "String(2)", "Delivery Block"),
    ),
)
CUSTOMER = Table(
    "CUSTOMER_MASTER",
    "General Data in Customer Master",
    (
        col("KUNNR", "String(10)", "Customer Number", "key", "textel=NAME1"),
        col("NAME1", "String(35)", "Name 1", "text"),
        col("NAME2", "String(35)", "Name 2"),
        col("LAND1", "String(3)", "Country/Region Key", "dim"),
        col("REGIO", "String(3)", "Region"),
        col("ORT01", "String(35)", "City"),
        col("PSTLZ", "String(10)", "Postal Code"),
        col("STRAS", "String(35)", "Street and House Number"),
        col("TELF1", "String(16)", "First telephone number"),
        col("KTOKD", "String(4)", "Customer Account Group"),
        col("ERDAT", "Date", "Created On", "date"),
        col("LOEVM", "Boolean", "Central Deletion Flag"),
        col("GEO_LOCATION", "hana.ST_POINT", "Geo Location"),
        col("NOTES", "LargeString", "Customer Notes"),
    ),
)
CUSTOMER_SALES_AREA = Table(
    "CUSTOMER_SALES_AREA",
    "Customer Master Sales Data",
    (
        col("KUNNR", "String(10)", "Customer Number", "key"),
        col("VKORG", "String(4)", "Sales Organization", "key"),
        col("VTWEG", "String(2)", "Distribution Channel", "key"),
        col("SPART", "String(2)", "Division", "key"),
        col("KDGRP", "String(2)", "Customer Group"),
        col("WAERS", "String(5)", "Currency", "currency"),
        col("ZTERM", "String(4)", "Terms of Payment Key"),
        col("INCO1", "String(3)", "Incoterms (Part 1)"),
    ),
)
DELIVERY_HEADER = Table(
    "DELIVERY_HEADER",
    "SD Document: Delivery Header Data",
    (
        col("VBELN", "String(10)", "Delivery", "key"),
        col("ERDAT", "Date", "Created On", "date"),
        col("LFART", "String(4)", "Delivery Type"),
        col("VSTEL", "String(4)", "Shipping Point"),
        col("KUNNR", "String(10)", "Ship-to Party"),
        col("WADAT_IST", "Date", "Actual Goods Movement Date"),
        col("BTGEW", "Decimal(15,3)", "Total Weight", "qty=GEWEI"),
        col("GEWEI", "String(3)", "Weight Unit", "unit"),
    ),
)
DELIVERY_ITEM = Table(
    "DELIVERY_ITEM",
    "SD Document: Delivery Item Data",
    (
        col("VBELN", "String(10)", "Delivery", "key"),
        col("POSNR", "String(6)", "Delivery Item", "key"),
        col("MATNR", "String(40)", "Material"),
        col("LFIMG", "Decimal(13,3)", "Actual Quantity Delivered", "measure", "qty=VRKME"),
        col("VRKME", "String(3)", "Sales Unit", "unit"),
        col("VGBEL", "String(10)", "Document Number of the Reference Document"),
        col("VGPOS", "String(6)", "Item Number of the Reference Item"),
        col("CHARG", "String(10)", "Batch Number"),
    ),
)
BILLING_HEADER = Table(
    "BILLING_HEADER",
    "Billing Document: Header Data",
    (
        col("VBELN", "String(10)", "Billing Document", "key"),
        col("FKART", "String(4)", "Billing Type"),
        col("FKDAT", "Date", "Billing Date", "date"),
        col("BUKRS", "String(4)", "Company Code"),
        col("KUNAG", "String(10)", "Sold-To Party"),
        col("NETWR", "Decimal(15,2)", "Net Value in Document Currency", "measure", "amount=WAERK"),
        col("WAERK", "String(5)", "SD Document Currency", "currency"),
        col("BELNR", "String(10)", "Accounting Document Number"),
        col("GJAHR", "String(4)", "Fiscal Year"),
    ),
)
BILLING_ITEM = Table(
    "BILLING_ITEM",
    "Billing Document: Item Data",
    (
        col("VBELN", "String(10)", "Billing Document", "key"),
        col("POSNR", "String(6)", "Billing Item", "key"),
        col("MATNR", "String(40)", "Material"),
        col("FKIMG", "Decimal(13,3)", "Actual Invoiced Quantity", "measure", "qty=VRKME"),
        col("VRKME", "String(3)", "Sales Unit", "unit"),
        col("NETWR", "Decimal(15,2)", "Net Value of the Billing Item", "measure", "amount=WAERK"),
        col("WAERK", "String(5)", "SD Document Currency", "currency"),
        col("AUBEL", "String(10)", "Sales Document"),
        col("AUPOS", "String(6)", "Sales Document Item"),
    ),
)
PRICING = Table(
    "PRICING_CONDITION",
    "Pricing Elements",
    (
        col("KNUMV", "String(10)", "Number of the Document Condition", "key"),
        col("KPOSN", "String(6)", "Condition Item Number", "key"),
        col("STUNR", "String(3)", "Step Number", "key"),
        col("ZAEHK", "String(3)", "Condition Counter", "key"),
        col("KSCHL", "String(4)", "Condition Type"),
        col("KBETR", "hana.SMALLDECIMAL", "Condition Amount or Percentage"),
        col("KWERT", "Decimal(15,2)", "Condition Value", "measure", "amount=WAERS"),
        col("WAERS", "String(5)", "Currency Key", "currency"),
        col("KINAK", "Boolean", "Condition is Inactive"),
    ),
)
WEBSHOP_ORDER = Table(
    "WEBSHOP_ORDER",
    "Web Shop Orders",
    (
        col("ORDER_ID", "String(10)", "Web Order", "key"),
        col("ORDER_DATE", "Date", "Order Date", "date"),
        col("CUSTOMER_ID", "String(10)", "Customer"),
        col("ORDER_TOTAL", "Decimal(15,2)", "Order Total", "measure", "amount=CURRENCY"),
        col("CURRENCY", "String(5)", "Currency", "currency"),
        col("CHANNEL", "String(2)", "Channel"),
        col("SESSION_ID", "Binary(16)", "Web Session"),
    ),
)
DAILY_AGG = Table(
    "SALES_DAILY_AGG",
    "Daily Sales Aggregate",
    (
        col("ERDAT", "Date", "Day", "key"),
        col("WERKS", "String(4)", "Plant", "key"),
        col("MATNR", "String(40)", "Material", "key"),
        col("KWMENG", "Decimal(15,3)", "Ordered Quantity", "measure"),
        col("NETWR", "Decimal(17,2)", "Net Value", "measure"),
        col("ORDER_COUNT", "Integer64", "Number of Orders", "measure"),
    ),
)
SALES_ORG_TEXT = text_table("SALES_ORG_TEXT", "Sales Organization Texts", col("VKORG", "String(4)", "Sales Org", "key"))
CHANNEL_TEXT = text_table(
    "DISTRIBUTION_CHANNEL_TEXT", "Distribution Channel Texts", col("VTWEG", "String(2)", "Channel", "key")
)
DOC_TYPE_TEXT = text_table(
    "SALES_DOC_TYPE_TEXT", "Sales Document Type Texts", col("AUART", "String(4)", "Sales Doc. Type", "key"), 20
)
ALL = (
    ORDER_HEADER, ORDER_ITEM, SCHEDULE_LINE, CUSTOMER, CUSTOMER_SALES_AREA, DELIVERY_HEADER, DELIVERY_ITEM,
    BILLING_HEADER, BILLING_ITEM, PRICING, WEBSHOP_ORDER, DAILY_AGG, SALES_ORG_TEXT, CHANNEL_TEXT, DOC_TYPE_TEXT,
)  # fmt: skip
