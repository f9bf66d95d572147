"""PLANT: maintenance (EQUI/IFLOT/QMEL/AUFK) and IoT sensor data using the remaining CDS and HANA types."""

from __future__ import annotations

from mdsync_devstack.datasphere.csn_build import Fixture, Table, col, local_table, remote_table
from mdsync_devstack.datasphere.demo.common import S4, aggregated, joined, projection, s4_remote, text_assoc, text_table
from mdsync_devstack.datasphere.flow_build import Endpoint, replication_flow, task_chain
from mdsync_devstack.datasphere.model_build import Assoc, Cube, Dim, analytic_model, view

SPACE = "PLANT"
_EQUNR = col("EQUNR", "String(18)", "Equipment Number", "key")
EQUIPMENT = Table("EQUIPMENT", "Equipment Master Data", (
    _EQUNR, col("EQTYP", "String(1)", "Equipment Category", "dim"), col("TPLNR", "String(30)", "Functional Location"),
    col("HERST", "String(30)", "Manufacturer"), col("BAUJJ", "String(4)", "Construction Year"),
    col("ANSDT", "Date", "Acquisition Date"), col("ANSWT", "Decimal(13,2)", "Acquisition Value", "amount=WAERS"),
    col("WAERS", "String(5)", "Currency", "currency"), col("INBDT", "Date", "Start-up Date"),
))  # fmt: skip
EQUIPMENT_TEXT = text_table("EQUIPMENT_TEXT", "Equipment Short Texts", _EQUNR)
FUNCTIONAL_LOCATION = Table("FUNCTIONAL_LOCATION", "Functional Locations", (
    col("TPLNR", "String(30)", "Functional Location", "key"), col("FLTYP", "String(1)", "Category"),
    col("SWERK", "String(4)", "Maintenance Plant"), col("AREA", "hana.ST_GEOMETRY", "Site Area"),
))  # fmt: skip
NOTIFICATION = Table("MAINTENANCE_NOTIFICATION", "Quality / Maintenance Notifications", (
    col("QMNUM", "String(12)", "Notification", "key"), col("QMART", "String(2)", "Notification Type", "dim"),
    col("EQUNR", "String(18)", "Equipment"), col("QMDAT", "Date", "Notification Date", "date"),
    col("MZEIT", "Time", "Notification Time"), col("PRIOK", "String(1)", "Priority"),
    col("QMTXT", "String(40)", "Description", "text"), col("LONG_TEXT", "LargeString", "Long Text"),
))  # fmt: skip
ORDER = Table("MAINTENANCE_ORDER", "Maintenance Orders", (
    col("AUFNR", "String(12)", "Order", "key"), col("AUART", "String(4)", "Order Type", "dim"),
    col("EQUNR", "String(18)", "Equipment"), col("QMNUM", "String(12)", "Notification"),
    col("GSTRP", "Date", "Basic Start Date"), col("GLTRP", "Date", "Basic Finish Date"),
    col("ACTUAL_COST", "Decimal(15,2)", "Actual Costs", "measure", "amount=WAERS"),
    col("WAERS", "String(5)", "Currency", "currency"),
))  # fmt: skip
SENSOR = Table("SENSOR_READING", "IoT Sensor Readings", (
    col("READING_ID", "UUID", "Reading", "key"), col("EQUNR", "String(18)", "Equipment", "notnull"),
    col("SENSOR_ID", "String(32)", "Sensor"), col("MEASURED_AT", "Timestamp", "Measured At"),
    col("MEASURED_ON", "Date", "Measured On", "date"), col("SHIFT_START", "Time", "Shift Start"),
    col("RECEIVED_AT", "DateTime", "Received At"), col("TEMPERATURE", "hana.REAL", "Temperature", "measure"),
    col("VIBRATION", "Double", "Vibration (mm/s)", "measure"), col("PRESSURE", "hana.SMALLDECIMAL", "Pressure (bar)"),
    col("ENERGY_KWH", "DecimalFloat", "Energy (kWh)", "measure"), col("CYCLE_COUNT", "Integer64", "Cycle Count"),
    col("ERROR_CODE", "hana.SMALLINT", "Error Code"), col("QUALITY", "hana.TINYINT", "Signal Quality"),
    col("IS_ANOMALY", "Boolean", "Anomaly"), col("POSITION", "hana.ST_POINT", "Position"),
    col("RAW_PAYLOAD", "Binary(256)", "Raw Payload"), col("FIRMWARE", "hana.BINARY(8)", "Firmware Hash"),
    col("NOTES", "LargeString", "Notes"),
))  # fmt: skip
# A HANA on-premise archive using the wider hana.* types DataHub's type map also knows.
ARCHIVE = Table("SENSOR_ARCHIVE", "IoT Sensor Archive (HANA on-premise)", (
    col("ARCHIVE_ID", "hana.BIGINT", "Archive Id", "key"), col("PLANT_CODE", "hana.CHAR(4)", "Plant"),
    col("SENSOR_NAME", "hana.NCHAR(32)", "Sensor Name"), col("SERIAL", "hana.VARCHAR(40)", "Serial Number"),
    col("DESCRIPTION", "hana.NVARCHAR(200)", "Description"), col("LOG_TEXT", "hana.CLOB", "Log"),
    col("LOG_TEXT_UNICODE", "hana.NCLOB", "Log (Unicode)"), col("SNAPSHOT", "hana.BLOB", "Snapshot"),
    col("SAMPLES", "hana.INTEGER", "Samples"), col("MEAN_VALUE", "hana.DOUBLE", "Mean Value"),
    col("ARCHIVED_ON", "Date", "Archived On"),
))  # fmt: skip
# CAP's sized integer types (reference §3.3), as a calibration table from a CAP-built app would carry them.
CALIBRATION = Table("SENSOR_CALIBRATION", "Sensor Calibration", (
    col("SENSOR_ID", "String(32)", "Sensor", "key"), col("CHANNEL", "UInt8", "Channel", "key"),
    col("OFFSET_MILLI", "Int16", "Offset (milli-units)"), col("GAIN_PPM", "Int32", "Gain (ppm)"),
    col("SERIAL_NO", "Int64", "Serial Number"), col("CALIBRATED_AT", "Timestamp", "Calibrated At"),
))  # fmt: skip
TABLES = (EQUIPMENT, EQUIPMENT_TEXT, FUNCTIONAL_LOCATION, NOTIFICATION, ORDER, SENSOR, CALIBRATION)


def _views() -> list[Fixture]:
    equipment = Assoc("_EQUIPMENT", "V_EQUIPMENT_DIM", (("EQUNR", "EQUNR"),), "Equipment")
    hourly = SENSOR.pick("EQUNR", "MEASURED_ON", "TEMPERATURE", "VIBRATION", "ENERGY_KWH")
    health_sql = ("SELECT E.EQUNR, COUNT(N.QMNUM) AS OPEN_NOTIFICATIONS FROM EQUIPMENT E "
                  "LEFT JOIN MAINTENANCE_NOTIFICATION N ON N.EQUNR = E.EQUNR GROUP BY E.EQUNR")  # fmt: skip
    return [
        projection(SPACE, "V_EQUIPMENT_DIM", "Equipment", "EQUIPMENT", EQUIPMENT.cols, exposed=True,
                   kind="ANALYTICAL_DIMENSION",
                   assocs=[text_assoc("_TEXT", "V_EQUIPMENT_TEXT", "EQUNR", "Equipment Text")]),
        projection(SPACE, "V_EQUIPMENT_TEXT", "Equipment Text", "EQUIPMENT_TEXT", EQUIPMENT_TEXT.cols, exposed=None,
                   kind="LANGUAGE_DEPENDENT_TEXT"),
        view(SPACE, "V_SENSOR_DAILY", "Sensor Readings per Day", hourly,
             aggregated("SENSOR_READING", ["EQUNR", "MEASURED_ON"], ["TEMPERATURE", "VIBRATION", "ENERGY_KWH"]),
             exposed=True, kind="ANALYTICAL_FACT", assocs=[equipment]),
        joined(SPACE, "V_MAINTENANCE_BACKLOG", "Maintenance Backlog", ("MAINTENANCE_ORDER", ORDER.cols),
               ("MAINTENANCE_NOTIFICATION", NOTIFICATION.pick("QMNUM", "QMART", "PRIOK", "QMTXT")),
               [("QMNUM", "QMNUM")], exposed=True, how="left", assocs=[equipment]),
        view(SPACE, "V_ASSET_HEALTH_SQL", "Asset Health (SQL)",
             [*EQUIPMENT.pick("EQUNR"), col("OPEN_NOTIFICATIONS", "Integer", "Open Notifications")],
             aggregated("MAINTENANCE_NOTIFICATION", ["EQUNR"], ["QMNUM"]), exposed=False,
             annotations={"@DataWarehouse.sqlEditor.query": health_sql}),
        projection(SPACE, "V_SENSOR_ARCHIVE", "Sensor Archive", "RT_HANA_SENSOR_ARCHIVE", ARCHIVE.cols, exposed=True),
    ]  # fmt: skip


def fixtures() -> list[Fixture]:
    """Every object of the PLANT space."""
    remote = [
        s4_remote(SPACE, EQUIPMENT, "EQUI"),
        remote_table(SPACE, "RT_HANA_SENSOR_ARCHIVE", ARCHIVE, "HANA_IOT_ARCHIVE", "<NULL>\x7fIOT\x7fSENSOR_ARCHIVE"),
    ]
    costs = Cube("V_MAINTENANCE_BACKLOG", "BACKLOG", tuple(ORDER.pick("AUFNR", "AUART", "EQUNR", "GSTRP", "WAERS")),
                 tuple(ORDER.pick("ACTUAL_COST")),
                 (Dim(Assoc("_EQUIPMENT", "V_EQUIPMENT_DIM", (("EQUNR", "EQUNR"),), "Equipment"),
                      (("EQTYP", "Equipment Category"), ("HERST", "Manufacturer")), "_EQ"),))  # fmt: skip
    flows = [
        replication_flow(SPACE, "RF_IOT_ARCHIVE_TO_S3", "Replicate the IoT Archive to the S3 Data Lake",
                         Endpoint("HANA_IOT_ARCHIVE", "HANA", "/IOT"), Endpoint("S3_DATALAKE", "S3", "/iot/archive"),
                         [("SENSOR_ARCHIVE", "sensor_archive")]),
        replication_flow(SPACE, "RF_S4_MAINTENANCE", "Replicate Maintenance Orders",
                         Endpoint(S4, "ABAP", "/CDS_EXTRACTION"), Endpoint("$DWC", "HANA", "/"),
                         [("I_MAINTENANCEORDER", "MAINTENANCE_ORDER"),
                          ("I_MAINTENANCENOTIFICATION", "MAINTENANCE_NOTIFICATION")]),
        task_chain(SPACE, "TC_PLANT_HOURLY", "Hourly Plant Load",
                   [("REPLICATION_FLOWS", "EXECUTE", "RF_S4_MAINTENANCE"),
                    ("VIEWS", "PERSIST", "V_SENSOR_DAILY")]),
    ]  # fmt: skip
    return [*(local_table(SPACE, t) for t in TABLES), *remote, *_views(),
            analytic_model(SPACE, "AM_MAINTENANCE_COSTS", "Maintenance Costs", costs), *flows]  # fmt: skip
