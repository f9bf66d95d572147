"""BM25 ranking, SAP abbreviations and typo correction."""

from mdsync_agent.core.bm25 import build_index, rank
from mdsync_agent.core.lexicon import query_terms
from mdsync_agent.core.models import Catalog


def _top(catalog: Catalog, question: str) -> str:
    hits = rank(build_index(catalog.assets), query_terms(question), 3)
    return hits[0][0].technical_name


def test_ranks_name_matches_first(catalog: Catalog) -> None:
    assert _top(catalog, "sales orders") == "SALES_ORDERS"


def test_sap_abbreviation_matches_its_business_words(catalog: Catalog) -> None:
    assert "customer" in query_terms("KUNNR")
    assert _top(catalog, "sales document number") == "SALES_ORDERS"  # VBELN


def test_typos_are_corrected(catalog: Catalog) -> None:
    assert _top(catalog, "custmer mastr") == "CUSTOMER_MASTER"


def test_unknown_words_match_nothing(catalog: Catalog) -> None:
    assert rank(build_index(catalog.assets), query_terms("quantum flux"), 3) == []
