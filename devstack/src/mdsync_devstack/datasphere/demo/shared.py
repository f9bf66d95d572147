"""SHARED: generated time dimension (SAP.TIME.*), currencies, units and countries used across spaces."""

from __future__ import annotations

from mdsync_devstack.datasphere.csn_build import Fixture, Table, col, columns, local_table, source_ref
from mdsync_devstack.datasphere.demo.common import projection, text_assoc, text_table
from mdsync_devstack.datasphere.model_build import Assoc, view

SPACE = "SHARED"
TIME = "SAP.TIME.M_TIME_DIMENSION"
TIME_TABLE = Table(
    TIME,
    "Time Table",
    (
        col("DATETIMESTAMP", "Timestamp", "Timestamp", "key"),
        col("DATE_SQL", "Date", "Date", "date"),
        col("DATETIME_SQL", "DateTime", "Date and Time"),
        col("DATE_SAP", "String(8)", "Date (String)"),
        col("DAY", "String(2)", "Day"),
        col("MONTH", "String(2)", "Month", "cal=month"),
        col("QUARTER", "String(1)", "Quarter", "cal=quarter"),
        col("YEAR", "String(4)", "Year", "cal=year"),
        col("CALWEEK", "String(6)", "Calendar Week", "cal=yearWeek"),
        col("CALMONTH", "String(6)", "Calendar Month", "cal=yearMonth"),
        col("CALQUARTER", "String(5)", "Calendar Quarter", "cal=yearQuarter"),
        col("DAY_OF_WEEK", "String(2)", "Day of Week"),
        col("DAY_OF_WEEK_INT", "hana.TINYINT", "Day of Week (Number)"),
        col("WEEK", "String(2)", "Week", "cal=week"),
        col("YEAR_INT", "Integer", "Year (Number)"),
        col("MONTH_INT", "hana.TINYINT", "Month (Number)"),
        col("QUARTER_INT", "hana.TINYINT", "Quarter (Number)"),
        col("DAY_INT", "hana.TINYINT", "Day (Number)"),
        col("WEEK_INT", "hana.TINYINT", "Week (Number)"),
        col("TZNTSTMPS", "Decimal(15,0)", "UTC Time Stamp in Short Form"),
        col("TZNTSTMPL", "Decimal(21,7)", "UTC Time Stamp in Long Form"),
    ),
)
_DAY_TEXT = text_table("SAP.TIME.M_TIME_DIMENSION_TDAY", "Day Texts", col("DAY_OF_WEEK", "String(2)", "Day", "key"))
_MONTH_TEXT = text_table("SAP.TIME.M_TIME_DIMENSION_TMONTH", "Month Texts", col("MONTH", "String(2)", "Month", "key"))
_QUARTER_TEXT = text_table(
    "SAP.TIME.M_TIME_DIMENSION_TQUARTER", "Quarter Texts", col("QUARTER", "String(1)", "Quarter", "key")
)
CURRENCY = Table(
    "TCURC",
    "Currency Codes",
    (
        col("WAERS", "String(5)", "Currency", "key", "currency"),
        col("ISOCD", "String(3)", "ISO Currency Code"),
        col("ALTWR", "String(3)", "Alternative Key"),
        col("GDATU", "String(8)", "Valid Until"),
    ),
)
_CURRENCY_TEXT = text_table("TCURT", "Currency Texts", col("WAERS", "String(5)", "Currency", "key"), 40)
_RATES = Table(
    "TCURR",
    "Exchange Rates",
    (
        col("KURST", "String(4)", "Exchange Rate Type", "key"),
        col("FCURR", "String(5)", "From Currency", "key", "currency"),
        col("TCURR", "String(5)", "To Currency", "key", "currency"),
        col("GDATU", "String(8)", "Valid From (Inverted Date)", "key"),
        col("UKURS", "Decimal(9,5)", "Exchange Rate"),
        col("FFACT", "Decimal(9,0)", "Ratio for From Units"),
        col("TFACT", "Decimal(9,0)", "Ratio for To Units"),
    ),
)
_DECIMALS = Table(
    "TCURX",
    "Decimal Places in Currencies",
    (col("CURRKEY", "String(5)", "Currency", "key", "currency"), col("CURRDEC", "hana.TINYINT", "Decimal Places")),
)
UNIT = Table(
    "T006",
    "Units of Measurement",
    (
        col("MSEHI", "String(3)", "Unit of Measurement", "key", "unit"),
        col("DIMID", "String(6)", "Dimension Key"),
        col("ANDEC", "hana.SMALLINT", "Decimal Rounding"),
        col("ZAEHL", "Integer", "Numerator for Conversion to SI Unit"),
        col("NENNR", "Integer", "Denominator for Conversion to SI Unit"),
        col("EXP10", "hana.SMALLINT", "Base Ten Exponent"),
        col("ADDKO", "Double", "Additive Constant"),
        col("ISOCODE", "String(3)", "ISO Code"),
    ),
)
_UNIT_TEXT = text_table("T006A", "Unit of Measurement Texts", col("MSEHI", "String(3)", "Unit", "key"), 30)
COUNTRY = Table(
    "T005",
    "Countries",
    (
        col("LAND1", "String(3)", "Country/Region Key", "key"),
        col("LANDK", "String(3)", "Vehicle Country Key"),
        col("INTCA", "String(2)", "ISO Code"),
        col("INTCA3", "String(3)", "ISO Code 3 Char"),
        col("WAERS", "String(5)", "Country Currency", "currency"),
        col("XEGLD", "Boolean", "EU Member"),
    ),
)
_COUNTRY_TEXT = text_table("T005T", "Country Names", col("LAND1", "String(3)", "Country/Region", "key"), 50)


def _time_table() -> Fixture:
    fixture = local_table(SPACE, TIME_TABLE, **{"@readonly": True, "@DataWarehouse.pinToMemory": True})
    setting = {
        "timesettings": {"from": "2015", "to": "2035", "calendarType": "gregorian", "granularity": "day"},
        "timeDataTable": {"business": "Time Table", "technical": TIME},
    }
    fixture.body["timeDimensionSetting"] = {TIME: setting}
    return fixture


def _time_view(grain: str, label: str, key: str, names: list[str], texts: dict[str, tuple[str, str]]) -> Fixture:
    name = f"SAP.TIME.VIEW_DIMENSION_{grain}"
    cols = [c.with_annotations(Analytics__dimension=True) for c in TIME_TABLE.pick(*names)]
    cols = [c.as_key() if c.name == key else c for c in cols]
    assocs = [text_assoc(f"_{n}", target, n, f"{n.title()} Text") for n, (target, _) in texts.items()]
    query = {
        "SELECT": {"from": source_ref(TIME, "M_TIME_DIMENSION"), "distinct": True, "columns": columns(None, names)}
    }
    annotations = {"@Analytics.dimensionType": "#TIME", "@Internal.Entity.Hidden": True}
    return view(
        SPACE,
        name,
        label,
        cols,
        query,
        exposed=True,
        kind="ANALYTICAL_DIMENSION",
        assocs=assocs,
        annotations=annotations,
    )


def fixtures() -> list[Fixture]:
    """Every object of the SHARED space."""
    tables = [
        _DAY_TEXT,
        _MONTH_TEXT,
        _QUARTER_TEXT,
        CURRENCY,
        _CURRENCY_TEXT,
        _RATES,
        _DECIMALS,
        UNIT,
        _UNIT_TEXT,
        COUNTRY,
        _COUNTRY_TEXT,
    ]
    day = [
        "DATE_SQL",
        "DATE_SAP",
        "DAY_OF_WEEK",
        "CALWEEK",
        "CALMONTH",
        "MONTH",
        "CALQUARTER",
        "QUARTER",
        "YEAR",
        "DAY_INT",
    ]
    month_text = {"MONTH": (_MONTH_TEXT.name, "TXTMD")}
    return [
        _time_table(),
        *(local_table(SPACE, t) for t in tables),
        _time_view(
            "DAY", "Time Dimension - Day", "DATE_SQL", day, {"DAY_OF_WEEK": (_DAY_TEXT.name, "TXTMD"), **month_text}
        ),
        _time_view(
            "MONTH", "Time Dimension - Month", "CALMONTH", ["CALMONTH", "MONTH", "CALQUARTER", "YEAR"], month_text
        ),
        _time_view(
            "QUARTER",
            "Time Dimension - Quarter",
            "CALQUARTER",
            ["CALQUARTER", "QUARTER", "YEAR"],
            {"QUARTER": (_QUARTER_TEXT.name, "TXTMD")},
        ),
        _time_view("YEAR", "Time Dimension - Year", "YEAR", ["YEAR"], {}),
        projection(
            SPACE,
            "V_CURRENCY_DIM",
            "Currency",
            CURRENCY.name,
            CURRENCY.cols,
            exposed=True,
            kind="ANALYTICAL_DIMENSION",
            assocs=[text_assoc("_TEXT", "V_CURRENCY_TEXT", "WAERS", "Currency Text")],
        ),
        projection(
            SPACE,
            "V_CURRENCY_TEXT",
            "Currency Text",
            _CURRENCY_TEXT.name,
            _CURRENCY_TEXT.cols,
            exposed=None,
            kind="LANGUAGE_DEPENDENT_TEXT",
        ),
        projection(SPACE, "V_EXCHANGE_RATES", "Exchange Rates", _RATES.name, _RATES.cols, exposed=True),
        projection(
            SPACE, "V_UNIT_DIM", "Unit of Measure", UNIT.name, UNIT.cols, exposed=True, kind="ANALYTICAL_DIMENSION"
        ),
        projection(
            SPACE,
            "V_COUNTRY_DIM",
            "Country/Region",
            COUNTRY.name,
            COUNTRY.cols,
            exposed=True,
            kind="ANALYTICAL_DIMENSION",
            assocs=[Assoc("_CURRENCY", "V_CURRENCY_DIM", (("WAERS", "WAERS"),), "Currency")],
        ),
        projection(
            SPACE,
            "V_COUNTRY_TEXT",
            "Country Names",
            _COUNTRY_TEXT.name,
            _COUNTRY_TEXT.cols,
            exposed=False,
            kind="LANGUAGE_DEPENDENT_TEXT",
        ),
    ]
