"""MATERIALS: material master (MARA/MAKT/MARC/MBEW), stock (MARD), material documents, plants."""

from __future__ import annotations

from mdsync_devstack.datasphere.csn_build import Fixture, Table, col, columns, local_table, source_ref
from mdsync_devstack.datasphere.demo.common import S4, joined, projection, s4_remote, text_assoc, text_table
from mdsync_devstack.datasphere.flow_build import Endpoint, data_flow, replication_flow
from mdsync_devstack.datasphere.model_build import Assoc, Cube, Dim, analytic_model, view

SPACE = "MATERIALS"
_MATNR = col("MATNR", "String(40)", "Material Number", "key")
_WERKS = col("WERKS", "String(4)", "Plant", "key")
MATERIAL = Table("MATERIAL_MASTER", "General Material Data", (
    _MATNR, col("ERSDA", "Date", "Created On", "date"), col("ERNAM", "String(12)", "Created By"),
    col("MTART", "String(4)", "Material Type", "dim"), col("MATKL", "String(9)", "Material Group", "dim"),
    col("MEINS", "String(3)", "Base Unit of Measure", "unit"),
    col("BRGEW", "Decimal(13,3)", "Gross Weight", "qty=GEWEI"),
    col("NTGEW", "Decimal(13,3)", "Net Weight", "qty=GEWEI"),
    col("GEWEI", "String(3)", "Weight Unit", "unit"), col("VOLUM", "hana.REAL", "Volume"),
    col("EAN11", "String(18)", "International Article Number (EAN/UPC)"),
    col("LVORM", "Boolean", "Flag Material for Deletion at Client Level"),
    col("PRODUCT_GUID", "hana.BINARY(16)", "Product GUID"),
))  # fmt: skip
DESCRIPTION = text_table("MATERIAL_DESCRIPTION", "Material Descriptions", _MATNR)
PLANT_DATA = Table("MATERIAL_PLANT", "Plant Data for Material", (
    _MATNR, _WERKS, col("DISPO", "String(3)", "MRP Controller"), col("DISMM", "String(2)", "MRP Type"),
    col("PLIFZ", "Decimal(3,0)", "Planned Delivery Time in Days"), col("EISBE", "Decimal(13,3)", "Safety Stock"),
    col("BESKZ", "String(1)", "Procurement Type"),
))  # fmt: skip
VALUATION = Table("MATERIAL_VALUATION", "Material Valuation", (
    _MATNR, col("BWKEY", "String(4)", "Valuation Area", "key"), col("BWTAR", "String(10)", "Valuation Type", "key"),
    col("VPRSV", "String(1)", "Price Control Indicator"),
    col("VERPR", "Decimal(11,2)", "Moving Average Price", "amount=WAERS"),
    col("STPRS", "Decimal(11,2)", "Standard Price", "amount=WAERS"), col("PEINH", "Decimal(5,0)", "Price Unit"),
    col("WAERS", "String(5)", "Currency", "currency"),
))  # fmt: skip
STOCK = Table("MATERIAL_STOCK", "Storage Location Data for Material", (
    _MATNR, _WERKS, col("LGORT", "String(4)", "Storage Location", "key"),
    col("LABST", "Decimal(13,3)", "Valuated Unrestricted-Use Stock", "measure", "qty=MEINS"),
    col("INSME", "Decimal(13,3)", "Stock in Quality Inspection", "measure", "qty=MEINS"),
    col("SPEME", "Decimal(13,3)", "Blocked Stock", "measure", "qty=MEINS"),
    col("MEINS", "String(3)", "Base Unit of Measure", "unit"),
))  # fmt: skip
MATDOC = Table("MATERIAL_DOCUMENT", "Material Documents", (
    col("MBLNR", "String(10)", "Material Document", "key"), col("MJAHR", "String(4)", "Material Document Year", "key"),
    col("ZEILE", "String(4)", "Material Document Item", "key"), col("BWART", "String(3)", "Movement Type"),
    col("MATNR", "String(40)", "Material"), col("WERKS", "String(4)", "Plant"),
    col("LGORT", "String(4)", "Storage Location"), col("BUDAT", "Date", "Posting Date", "date"),
    col("MENGE", "Decimal(13,3)", "Quantity", "measure", "qty=MEINS"), col("MEINS", "String(3)", "Base Unit", "unit"),
    col("DMBTR", "Decimal(13,2)", "Amount in Local Currency", "measure", "amount=WAERS"),
    col("WAERS", "String(5)", "Currency", "currency"), col("CPUDT_MKPF", "DateTime", "Entry Date and Time"),
))  # fmt: skip
PLANT = Table("PLANT", "Plants/Branches", (
    col("WERKS", "String(4)", "Plant", "key", "textel=NAME1"), col("NAME1", "String(30)", "Name", "text"),
    col("BWKEY", "String(4)", "Valuation Area"), col("LAND1", "String(3)", "Country/Region Key"),
    col("REGIO", "String(3)", "Region"), col("ORT01", "String(25)", "City"),
    col("LOCATION", "hana.ST_POINT", "Plant Location"),
))  # fmt: skip
STORAGE_LOCATION = Table("STORAGE_LOCATION", "Storage Locations", (
    _WERKS, col("LGORT", "String(4)", "Storage Location", "key"), col("LGOBE", "String(16)", "Description", "text"),
))  # fmt: skip
GROUP_TEXT = text_table("MATERIAL_GROUP_TEXT", "Material Group Descriptions", col("MATKL", "String(9)", "Group", "key"))
BATCH = Table("BATCH", "Batches", (
    _MATNR, col("CHARG", "String(10)", "Batch Number", "key"), col("HSDAT", "Date", "Date of Manufacture"),
    col("VFDAT", "Date", "Shelf Life Expiration Date"), col("LIFNR", "String(10)", "Supplier"),
))  # fmt: skip
TABLES = (MATERIAL, DESCRIPTION, PLANT_DATA, VALUATION, STOCK, MATDOC, PLANT, STORAGE_LOCATION, GROUP_TEXT, BATCH)


def _views() -> list[Fixture]:
    material = Assoc("_MATERIAL", "V_MATERIAL_DIM", (("MATNR", "MATNR"),), "Material")
    plant = Assoc("_PLANT", "V_PLANT_DIM", (("WERKS", "WERKS"),), "Plant")
    stock_cols = [*STOCK.cols, *VALUATION.pick("VERPR", "WAERS")]
    keydate_query = {"SELECT": {
        "from": source_ref("MATERIAL_DOCUMENT"), "columns": columns(None, ["MATNR", "WERKS", "MENGE", "MEINS"]),
        "where": [{"ref": ["BUDAT"]}, "<=", {"ref": ["P_KEY_DATE"], "param": True}]}}  # fmt: skip
    return [
        projection(
            SPACE,
            "V_MATERIAL_DIM",
            "Material",
            "MATERIAL_MASTER",
            MATERIAL.cols,
            exposed=True,
            kind="ANALYTICAL_DIMENSION",
            assocs=[
                text_assoc("_TEXT", "V_MATERIAL_TEXT", "MATNR", "Material Description"),
                Assoc("_UNIT", "SHARED.V_UNIT_DIM", (("MEINS", "MSEHI"),), "Base Unit"),
            ],
        ),
        projection(
            SPACE,
            "V_MATERIAL_TEXT",
            "Material Description",
            "MATERIAL_DESCRIPTION",
            DESCRIPTION.cols,
            exposed=None,
            kind="LANGUAGE_DEPENDENT_TEXT",
        ),
        projection(SPACE, "V_PLANT_DIM", "Plant", "PLANT", PLANT.cols, exposed=True, kind="ANALYTICAL_DIMENSION"),
        joined(
            SPACE,
            "V_STOCK_OVERVIEW",
            "Stock Overview",
            ("MATERIAL_STOCK", STOCK.cols),
            ("MATERIAL_VALUATION", VALUATION.pick("MATNR", "VERPR", "WAERS")),
            [("MATNR", "MATNR")],
            exposed=True,
            kind="ANALYTICAL_FACT",
            how="left",
            assocs=[material, plant],
        ),
        projection(
            SPACE,
            "V_MATERIAL_MOVEMENTS",
            "Material Movements",
            "MATERIAL_DOCUMENT",
            MATDOC.cols,
            exposed=True,
            assocs=[material],
        ),
        view(
            SPACE,
            "V_STOCK_BY_KEYDATE",
            "Stock Quantity at Key Date",
            MATDOC.pick("MATNR", "WERKS", "MENGE", "MEINS"),
            keydate_query,
            exposed=True,
            params=[col("P_KEY_DATE", "Date", "Key Date")],
        ),
        joined(
            SPACE,
            "V_MATERIAL_PLANT_JOINED",
            "Material per Plant",
            ("MATERIAL_MASTER", MATERIAL.cols[:6]),
            ("MATERIAL_PLANT", PLANT_DATA.cols),
            [("MATNR", "MATNR")],
            exposed=None,
        ),
        projection(SPACE, "V_BATCH_EXPIRY", "Batches by Expiry", "BATCH", BATCH.cols, exposed=False),
        view(
            SPACE,
            "V_STOCK_VALUE",
            "Stock with Value",
            stock_cols,
            {
                "SELECT": {
                    "from": source_ref("V_STOCK_OVERVIEW"),
                    "columns": columns(None, [c.name for c in stock_cols]),
                }
            },
            exposed=True,
        ),
    ]


def fixtures() -> list[Fixture]:
    """Every object of the MATERIALS space."""
    remote = [
        s4_remote(SPACE, table, sap)
        for table, sap in [(MATERIAL, "MARA"), (PLANT_DATA, "MARC"), (STOCK, "MARD"), (MATDOC, "MATDOC")]
    ]
    inventory = Cube("V_STOCK_OVERVIEW", "STOCK_OVERVIEW", tuple(STOCK.pick("MATNR", "WERKS", "LGORT", "MEINS")),
                     tuple(STOCK.pick("LABST", "INSME", "SPEME")),
                     (Dim(Assoc("_MATERIAL", "V_MATERIAL_DIM", (("MATNR", "MATNR"),), "Material"),
                          (("MTART", "Material Type"), ("MATKL", "Material Group")), "_MAT"),
                      Dim(Assoc("_PLANT", "V_PLANT_DIM", (("WERKS", "WERKS"),), "Plant"), (("NAME1", "Plant Name"),),
                          "_PLANT")))  # fmt: skip
    flows = [
        replication_flow(SPACE, "RF_S4_MATERIALS_TO_S3", "Replicate Product Master to the S3 Data Lake",
                         Endpoint(S4, "ABAP", "/CDS_EXTRACTION"), Endpoint("S3_DATALAKE", "S3", "/sap/materials"),
                         [("I_PRODUCT", "product"), ("I_PRODUCTPLANTBASIC", "product_plant"),
                          ("I_MATERIALSTOCK_2", "material_stock")]),
        data_flow(SPACE, "DF_LOAD_MATERIAL_MASTER", "Load Material Master", ["RT_S4_MARA", "RT_S4_MARC"],
                  "MATERIAL_MASTER", [(c.name, f'"{c.name}"') for c in MATERIAL.cols]),
    ]  # fmt: skip
    return [*(local_table(SPACE, t) for t in TABLES), *remote, *_views(),
            analytic_model(SPACE, "AM_INVENTORY_ANALYSIS", "Inventory Analysis", inventory), *flows]  # fmt: skip
