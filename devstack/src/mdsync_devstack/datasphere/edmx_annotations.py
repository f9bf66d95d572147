"""How CSN element annotations appear as OData vocabulary terms in a relational ``$metadata``."""

from __future__ import annotations

from typing import Any

from mdsync_devstack.datasphere.csn import CsnElement

# (term, kind, value): kind is the XML attribute carrying the value (Bool, String, Path).
Term = tuple[str, str, str]

_CALENDAR_TERMS = {
    "@Semantics.date": "Common.IsCalendarDate",
    "@Semantics.calendar.date": "Common.IsCalendarDate",
    "@Semantics.calendar.year": "Common.IsCalendarYear",
    "@Semantics.calendar.yearMonth": "Common.IsCalendarYearMonth",
    "@Semantics.calendar.yearQuarter": "Common.IsCalendarYearQuarter",
    "@Semantics.calendar.yearWeek": "Common.IsCalendarYearWeek",
    "@Semantics.calendar.month": "Common.IsCalendarMonth",
    "@Semantics.calendar.quarter": "Common.IsCalendarQuarter",
    "@Semantics.calendar.week": "Common.IsCalendarWeek",
    "@Semantics.calendar.dayOfYear": "Common.IsDayOfCalendarYear",
}
_FLAG_TERMS = {
    "@Analytics.dimension": "Analytics.dimension",
    "@Semantics.currencyCode": "Common.IsCurrency",
    "@Semantics.unitOfMeasure": "Common.IsUnit",
    **_CALENDAR_TERMS,
}
_PATH_TERMS = {
    "@Semantics.amount.currencyCode": "Measures.ISOCurrency",
    "@Semantics.quantity.unitOfMeasure": "Measures.Unit",
}


def element_annotations(element: CsnElement) -> list[Term]:
    """Vocabulary terms for one element: dimension/measure, label, calendar, currency/unit, text."""
    terms: list[Term] = [(term, "Bool", "true") for key, term in _FLAG_TERMS.items() if element.annotation(key) is True]
    if element.annotation("@AnalyticsDetails.measureType") is not None:
        terms.insert(0, ("Analytics.measure", "Bool", "true"))
    label = element.annotation("@EndUserText.label")
    if isinstance(label, str):
        terms.insert(1 if terms else 0, ("Common.Label", "String", label))
    for key, term in _PATH_TERMS.items():
        path = _path(element.annotation(key))
        if path:
            terms.append((term, "Path", path))
    text = _path(element.annotation("@ObjectModel.text.element"))
    if text:
        terms.append(("Common.Text", "Path", text))
    return terms


def _path(value: Any) -> str | None:
    """``{"=": "X"}`` or ``[{"=": "X"}]`` → X."""
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict) and isinstance(value.get("="), str):
        return str(value["="])
    return None
