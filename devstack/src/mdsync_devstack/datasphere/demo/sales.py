"""SALES: sales orders, deliveries, billing; joins, a union, a parameterised view, analytic models, flows."""

from __future__ import annotations

from mdsync_devstack.datasphere.csn_build import Fixture, col, columns, local_table, remote_table, source_ref, union
from mdsync_devstack.datasphere.demo import sales_tables as t
from mdsync_devstack.datasphere.demo.common import S4, aggregated, joined, projection, s4_remote, text_assoc
from mdsync_devstack.datasphere.flow_build import Endpoint, data_flow, replication_flow, task_chain, transformation_flow
from mdsync_devstack.datasphere.model_build import Assoc, Cube, Dim, analytic_model, view

SPACE = "SALES"
CUSTOMER_ASSOC = Assoc("_CUSTOMER", "V_CUSTOMER_DIM", (("KUNNR", "KUNNR"),), "Customer")
ITEM_COLS = ("VBELN", "POSNR", "MATNR", "ARKTX", "KWMENG", "VRKME", "NETWR", "WAERK", "WERKS")
HEADER_COLS = ("VBELN", "ERDAT", "AUART", "VKORG", "VTWEG", "SPART", "KUNNR")
_PARAM = {"param": True}


def _remote_tables() -> list[Fixture]:
    pairs = [
        (t.ORDER_HEADER, "VBAK"),
        (t.ORDER_ITEM, "VBAP"),
        (t.CUSTOMER, "KNA1"),
        (t.DELIVERY_HEADER, "LIKP"),
        (t.BILLING_HEADER, "VBRK"),
        (t.BILLING_ITEM, "VBRP"),
    ]
    webshop = remote_table(SPACE, "RT_WEBSHOP_ORDERS", t.WEBSHOP_ORDER, "MSSQL_WEBSHOP", "WEBSHOP\x7fdbo\x7forders")
    return [*(s4_remote(SPACE, table, sap) for table, sap in pairs), webshop]


def _order_views() -> list[Fixture]:
    items = joined(
        SPACE,
        "V_SALES_ORDER_ITEMS_JOINED",
        "Sales Order Items with Header",
        ("SALES_ORDER_ITEM", t.ORDER_ITEM.pick(*ITEM_COLS)),
        ("SALES_ORDER_HEADER", t.ORDER_HEADER.pick(*HEADER_COLS)),
        [("VBELN", "VBELN")],
        exposed=None,
    )
    fact_cols = [*t.ORDER_ITEM.pick(*ITEM_COLS), *t.ORDER_HEADER.pick(*HEADER_COLS[1:])]
    fact_assocs = [
        CUSTOMER_ASSOC,
        Assoc("_DATE", "SHARED.SAP.TIME.VIEW_DIMENSION_DAY", (("ERDAT", "DATE_SQL"),), "Order Date"),
        Assoc("_CURRENCY", "SHARED.V_CURRENCY_DIM", (("WAERK", "WAERS"),), "Document Currency"),
        Assoc("_MATERIAL", "MATERIALS.V_MATERIAL_DIM", (("MATNR", "MATNR"),), "Material"),
    ]
    fact = projection(
        SPACE,
        "V_SALES_ORDER_FACT",
        "Sales Orders",
        "V_SALES_ORDER_ITEMS_JOINED",
        fact_cols,
        exposed=True,
        kind="ANALYTICAL_FACT",
        assocs=fact_assocs,
    )
    params = [col("P_KEY_DATE", "Date", "Key Date"), col("P_SALES_ORG", "String(4)", "Sales Organization")]
    where = [
        {"ref": ["ERDAT"]},
        "<=",
        {"ref": ["P_KEY_DATE"], **_PARAM},
        "and",
        {"ref": ["VKORG"]},
        "=",
        {"ref": ["P_SALES_ORG"], **_PARAM},
    ]
    open_cols = [
        *t.ORDER_ITEM.pick("VBELN", "POSNR", "MATNR", "KWMENG", "VRKME", "NETWR", "WAERK"),
        *t.ORDER_HEADER.pick("ERDAT", "VKORG", "KUNNR"),
    ]
    open_query = {
        "SELECT": {
            "from": source_ref("V_SALES_ORDER_ITEMS_JOINED"),
            "columns": columns(None, [c.name for c in open_cols]),
            "where": where,
        }
    }
    open_orders = view(
        SPACE,
        "V_OPEN_ORDERS_BY_KEYDATE",
        "Open Sales Orders at Key Date",
        open_cols,
        open_query,
        exposed=True,
        params=params,
    )
    return [items, fact, open_orders]


def _channel_union() -> Fixture:
    names = ["ORDER_ID", "ORDER_DATE", "CUSTOMER_ID", "ORDER_TOTAL", "CURRENCY", "CHANNEL"]
    erp = ["VBELN", "ERDAT", "KUNNR", "NETWR", "WAERK", "VTWEG"]
    from_erp = {
        "SELECT": {
            "from": source_ref("SALES_ORDER_HEADER"),
            "columns": [{"ref": [src], "as": dst} for src, dst in zip(erp, names, strict=True)],
        }
    }
    from_web = {"SELECT": {"from": source_ref("RT_WEBSHOP_ORDERS"), "columns": columns(None, names)}}
    return view(
        SPACE,
        "V_ORDERS_ALL_CHANNELS",
        "Orders of All Channels",
        t.WEBSHOP_ORDER.pick(*names),
        union(from_erp, from_web),
        exposed=True,
    )


def _other_views() -> list[Fixture]:
    customer_cols = t.CUSTOMER.pick("KUNNR", "NAME1", "LAND1", "REGIO", "ORT01", "PSTLZ", "KTOKD", "GEO_LOCATION")
    country = Assoc("_COUNTRY", "SHARED.V_COUNTRY_DIM", (("LAND1", "LAND1"),), "Country/Region")
    pipeline_sql = "SELECT VBELN, KUNNR, NETWR, WAERK FROM SALES_ORDER_HEADER WHERE GBSTK <> 'C'"
    pipeline_query = {
        "SELECT": {
            "from": source_ref("SALES_ORDER_HEADER"),
            "columns": columns(None, ["VBELN", "KUNNR", "NETWR", "WAERK"]),
            "where": [{"ref": ["GBSTK"]}, "<>", {"val": "C"}],
        }
    }
    return [
        projection(
            SPACE,
            "V_CUSTOMER_DIM",
            "Customer",
            "CUSTOMER_MASTER",
            customer_cols,
            exposed=True,
            kind="ANALYTICAL_DIMENSION",
            assocs=[country],
        ),
        projection(
            SPACE,
            "V_SALES_ORG_TEXT",
            "Sales Organization Text",
            "SALES_ORG_TEXT",
            t.SALES_ORG_TEXT.cols,
            exposed=None,
            kind="LANGUAGE_DEPENDENT_TEXT",
        ),
        projection(
            SPACE,
            "V_SALES_ORG_DIM",
            "Sales Organization",
            "SALES_ORG_TEXT",
            t.SALES_ORG_TEXT.pick("VKORG"),
            exposed=True,
            kind="ANALYTICAL_DIMENSION",
            assocs=[text_assoc("_TEXT", "V_SALES_ORG_TEXT", "VKORG", "Sales Organization Text")],
        ),
        joined(
            SPACE,
            "V_DELIVERY_ITEMS",
            "Outbound Delivery Items",
            ("DELIVERY_ITEM", t.DELIVERY_ITEM.cols),
            ("DELIVERY_HEADER", t.DELIVERY_HEADER.cols),
            [("VBELN", "VBELN")],
            exposed=True,
        ),
        joined(
            SPACE,
            "V_BILLING_DOCUMENTS",
            "Billing Documents",
            ("BILLING_ITEM", t.BILLING_ITEM.cols),
            ("BILLING_HEADER", t.BILLING_HEADER.cols),
            [("VBELN", "VBELN")],
            exposed=True,
            kind="ANALYTICAL_FACT",
            assocs=[Assoc("_CUSTOMER", "V_CUSTOMER_DIM", (("KUNAG", "KUNNR"),), "Sold-To Party")],
        ),
        view(
            SPACE,
            "V_CUSTOMER_REVENUE",
            "Revenue per Customer",
            t.BILLING_HEADER.pick("KUNAG", "WAERK", "NETWR"),
            aggregated("V_BILLING_DOCUMENTS", ["KUNAG", "WAERK"], ["NETWR"]),
            exposed=True,
        ),
        view(
            SPACE,
            "V_SALES_PIPELINE_SQL",
            "Open Sales Pipeline (SQL)",
            t.ORDER_HEADER.pick("VBELN", "KUNNR", "NETWR", "WAERK"),
            pipeline_query,
            exposed=False,
            annotations={"@DataWarehouse.sqlEditor.query": pipeline_sql},
        ),
        projection(
            SPACE,
            "V_SALES_ORDER_STATUS",
            "Sales Order Status",
            "SALES_ORDER_HEADER",
            t.ORDER_HEADER.pick("VBELN", "GBSTK", "LAST_CHANGED_AT", "ORDER_UUID"),
            exposed=False,
        ),
        projection(SPACE, "V_PRICING_ANALYSIS", "Pricing Analysis", "PRICING_CONDITION", t.PRICING.cols, exposed=True),
        joined(
            SPACE,
            "V_CUSTOMER_SALES_AREA",
            "Customers per Sales Area",
            ("CUSTOMER_MASTER", customer_cols[:4]),
            ("CUSTOMER_SALES_AREA", t.CUSTOMER_SALES_AREA.cols),
            [("KUNNR", "KUNNR")],
            exposed=None,
            how="left",
        ),
    ]


def _models() -> list[Fixture]:
    date = Assoc("_DATE", "SHARED.SAP.TIME.VIEW_DIMENSION_DAY", (("ERDAT", "DATE_SQL"),), "Order Date")
    order_attrs = (
        *t.ORDER_ITEM.pick("VBELN", "POSNR", "MATNR", "WERKS", "VRKME", "WAERK"),
        *t.ORDER_HEADER.pick("ERDAT", "AUART", "VKORG", "VTWEG", "KUNNR"),
    )
    order_measures = tuple(t.ORDER_ITEM.pick("KWMENG", "NETWR"))
    customer = Dim(CUSTOMER_ASSOC, (("NAME1", "Customer Name"), ("LAND1", "Customer Country")), "_CUST")
    sales = Cube(
        "V_SALES_ORDER_FACT",
        "SALES_ORDER_FACT",
        order_attrs,
        order_measures,
        (customer, Dim(date, (("CALMONTH", "Calendar Month"), ("YEAR", "Calendar Year")), "_ERDAT")),
    )
    billing = Cube(
        "V_BILLING_DOCUMENTS",
        "BILLING_DOCUMENTS",
        (
            *t.BILLING_ITEM.pick("VBELN", "POSNR", "MATNR", "VRKME", "WAERK"),
            *t.BILLING_HEADER.pick("FKDAT", "KUNAG", "BUKRS"),
        ),
        tuple(t.BILLING_ITEM.pick("FKIMG", "NETWR")),
        (
            Dim(
                Assoc("_CUSTOMER", "V_CUSTOMER_DIM", (("KUNAG", "KUNNR"),), "Sold-To Party"),
                (("NAME1", "Customer Name"),),
                "_SOLDTO",
            ),
        ),
    )
    variables = {
        "V_FISCAL_YEAR": {
            "text": "Fiscal Year",
            "parameterType": "AnalyticModelParameterType.Filter",
            "selectionType": "AnalyticModelVariableSelectionType.SINGLE",
            "referenceAttribute": "ERDAT",
            "defaultValue": "2026",
        }
    }
    plan = Cube(sales.fact, sales.alias, order_attrs, order_measures, (customer,), variables)
    return [
        analytic_model(SPACE, "AM_SALES_ANALYSIS", "Sales Analysis", sales),
        analytic_model(SPACE, "AM_BILLING_ANALYSIS", "Billing Analysis", billing),
        analytic_model(SPACE, "AM_SALES_PLAN_VS_ACTUAL", "Sales Plan vs. Actual", plan),
    ]


def _flows() -> list[Fixture]:
    s4 = Endpoint(S4, "ABAP", "/CDS_EXTRACTION")
    lake = Endpoint("S3_DATALAKE", "S3", "/sap/sales/raw")
    dwc = Endpoint("$DWC", "HANA", "/")
    customer_cols = [c.name for c in t.CUSTOMER.cols]
    agg_sql = (
        "SELECT ERDAT, WERKS, MATNR, SUM(KWMENG) AS KWMENG, SUM(NETWR) AS NETWR, COUNT(DISTINCT VBELN) "
        "AS ORDER_COUNT FROM SALES_ORDER_ITEM GROUP BY ERDAT, WERKS, MATNR"
    )
    agg_view = view(
        SPACE,
        "TF_SALES_DAILY_AGG",
        "Daily Sales Aggregate",
        t.DAILY_AGG.cols,
        aggregated("SALES_ORDER_ITEM", ["ERDAT", "WERKS", "MATNR"], ["KWMENG", "NETWR"]),
        exposed=None,
        annotations={"@DataWarehouse.sqlEditor.query": agg_sql},
    )
    return [
        replication_flow(
            SPACE,
            "RF_S4_SALES_TO_S3",
            "Replicate Sales Documents to the S3 Data Lake",
            s4,
            lake,
            [
                ("I_SALESDOCUMENT", "sales_document"),
                ("I_SALESDOCUMENTITEM", "sales_document_item"),
                ("I_CUSTOMER", "customer"),
            ],
        ),
        replication_flow(
            SPACE,
            "RF_S4_SALES_INBOUND",
            "Replicate Sales Documents into Datasphere",
            s4,
            dwc,
            [
                ("I_SALESDOCUMENT", "SALES_ORDER_HEADER"),
                ("I_SALESDOCUMENTITEM", "SALES_ORDER_ITEM"),
                ("I_SALESDOCUMENTSCHEDULELINE", "SALES_ORDER_SCHEDULE_LINE"),
            ],
        ),
        data_flow(
            SPACE,
            "DF_LOAD_CUSTOMER_MASTER",
            "Load Customer Master",
            ["RT_S4_KNA1"],
            "CUSTOMER_MASTER",
            [(c, f'"{c}"') for c in customer_cols],
        ),
        transformation_flow(SPACE, "TF_SALES_DAILY_AGG", "Aggregate Daily Sales", agg_view, "SALES_DAILY_AGG"),
        task_chain(
            SPACE,
            "TC_SALES_NIGHTLY",
            "Nightly Sales Load",
            [
                ("REPLICATION_FLOWS", "EXECUTE", "RF_S4_SALES_INBOUND"),
                ("DATA_FLOWS", "EXECUTE", "DF_LOAD_CUSTOMER_MASTER"),
                ("TRANSFORMATION_FLOWS", "EXECUTE", "TF_SALES_DAILY_AGG"),
                ("VIEWS", "PERSIST", "V_SALES_ORDER_FACT"),
            ],
        ),
    ]


def _header_with_items() -> Fixture:
    fixture = local_table(SPACE, t.ORDER_HEADER)
    items = {"type": "cds.Composition", "cardinality": {"max": "*"}, "target": t.ORDER_ITEM.name,
             "on": [{"ref": ["_ITEMS", "VBELN"]}, "=", {"ref": ["VBELN"]}], "@EndUserText.label": "Items"}  # fmt: skip
    fixture.body["definitions"][t.ORDER_HEADER.name]["elements"]["_ITEMS"] = items
    return fixture


def fixtures() -> list[Fixture]:
    """Every object of the SALES space."""
    tables = [_header_with_items(), *(local_table(SPACE, table) for table in t.ALL if table != t.ORDER_HEADER)]
    views = [*_order_views(), _channel_union(), *_other_views()]
    return [*tables, *_remote_tables(), *views, *_models(), *_flows()]
