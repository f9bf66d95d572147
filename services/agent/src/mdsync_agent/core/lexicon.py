"""Tokenization and the SAP abbreviation lexicon that bridges field names and business words."""

from __future__ import annotations

import re

# SAP field abbreviations → the business words they stand for.
SAP_TERMS: dict[str, str] = {
    "kunnr": "customer number",
    "vbeln": "sales document order number",
    "posnr": "item number",
    "matnr": "material number",
    "bukrs": "company code",
    "waers": "currency",
    "waerk": "document currency",
    "werks": "plant",
    "lgort": "storage location",
    "lifnr": "vendor supplier number",
    "ebeln": "purchase order document",
    "belnr": "accounting document number",
    "gjahr": "fiscal year",
    "hkont": "general ledger account",
    "saknr": "general ledger account",
    "kostl": "cost center",
    "prctr": "profit center",
    "netwr": "net value amount",
    "dmbtr": "amount local currency",
    "wrbtr": "amount document currency",
    "menge": "quantity",
    "meins": "unit of measure",
    "vrkme": "sales unit",
    "erdat": "created date",
    "budat": "posting date",
    "bldat": "document date",
    "name1": "name",
    "land1": "country",
    "ort01": "city",
    "pstlz": "postal code",
    "regio": "region",
    "vkorg": "sales organization",
    "vtweg": "distribution channel",
    "spart": "division",
    "auart": "sales document type",
    "fkimg": "invoiced quantity",
    "kwmeng": "order quantity",
    "pernr": "personnel employee number",
    "charg": "batch",
    "equnr": "equipment",
    "aufnr": "order number",
    "smtp_addr": "email address",
}

# Everyday synonyms folded onto one word.
SYNONYMS: dict[str, str] = {
    "client": "customer",
    "clients": "customer",
    "customers": "customer",
    "supplier": "vendor",
    "suppliers": "vendor",
    "vendors": "vendor",
    "mail": "email",
    "e-mail": "email",
    "invoice": "billing",
    "invoices": "billing",
    "orders": "order",
    "materials": "material",
    "employees": "employee",
    "plants": "plant",
    "amounts": "amount",
    "revenue": "revenue",
    "currencies": "currency",
}

_STOP_TEXT = (
    "a an the of in on for to and or is are was were be by with which what where who whose that this these "
    "those me my show list find give tell all any do does did there their it its from about data look looks "
    "like please can you i we table tables view views asset assets column columns field fields have has "
    "contain contains containing named called hold holds store stores keep keeps carry carries include "
    "includes mean means use used need want get got right now"
)
STOPWORDS = frozenset(_STOP_TEXT.split())

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-case alphanumeric words; `SALES_ORDERS` gives `sales`, `orders`."""
    return _WORD.findall(text.lower().replace("_", " "))


def normalize(word: str) -> str:
    """Fold a synonym or simple plural onto its base word."""
    if word in SYNONYMS:
        return SYNONYMS[word]
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def index_terms(text: str) -> list[str]:
    """Terms a document field contributes: words, their base forms, and expanded SAP abbreviations."""
    terms: list[str] = []
    for word in words(text):
        terms.append(normalize(word))
        if word in SAP_TERMS:
            terms.extend(normalize(w) for w in words(SAP_TERMS[word]))
    return terms


def query_terms(text: str) -> list[str]:
    """Content terms of a question (stop words dropped, SAP abbreviations expanded)."""
    return [t for t in index_terms(text) if t not in STOPWORDS]
