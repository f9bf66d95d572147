"""BM25 ranking over asset records (name/label and body as separate fields), with fuzzy typo correction."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from mdsync_agent.core.lexicon import index_terms
from mdsync_agent.core.models import AssetRecord

K1 = 1.2
B = 0.75
HEAD_WEIGHT = 2.5  # a match in the name or label counts more than one in a column


def head_terms(asset: AssetRecord) -> list[str]:
    """Terms of the technical name and label."""
    return index_terms(f"{asset.technical_name} {asset.label or ''}")


def body_terms(asset: AssetRecord) -> list[str]:
    """Terms of the description, column names and column labels."""
    terms = index_terms(asset.description or "")
    for column in asset.columns:
        terms += index_terms(f"{column.name} {column.label or ''}")
    return terms


@dataclass
class FieldIndex:
    """Postings and lengths of one field."""

    postings: dict[str, dict[int, int]] = field(default_factory=dict)
    lengths: list[int] = field(default_factory=list)

    def add(self, number: int, terms: list[str]) -> None:
        """Index one document's terms."""
        counts = Counter(terms)
        self.lengths.append(sum(counts.values()))
        for term, count in counts.items():
            self.postings.setdefault(term, {})[number] = count

    def score(self, term: str, scores: dict[int, float], weight: float) -> None:
        """Add ``weight`` times BM25 of ``term`` to ``scores``."""
        posting = self.postings.get(term)
        if not posting:
            return
        n = len(self.lengths)
        avg = (sum(self.lengths) / n) or 1.0
        idf = math.log(1 + (n - len(posting) + 0.5) / (len(posting) + 0.5))
        for doc, tf in posting.items():
            norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * self.lengths[doc] / avg))
            scores[doc] = scores.get(doc, 0.0) + weight * idf * norm


@dataclass
class Index:
    """An inverted index over one catalog's assets."""

    docs: Sequence[AssetRecord]
    head: FieldIndex = field(default_factory=FieldIndex)
    body: FieldIndex = field(default_factory=FieldIndex)
    vocabulary: list[str] = field(default_factory=list)

    def known(self, term: str) -> bool:
        """Whether any document holds ``term``."""
        return term in self.head.postings or term in self.body.postings


def build_index(assets: Sequence[AssetRecord]) -> Index:
    """Index ``assets`` for BM25."""
    index = Index(docs=assets)
    for number, asset in enumerate(assets):
        index.head.add(number, head_terms(asset))
        index.body.add(number, body_terms(asset))
    index.vocabulary = sorted(set(index.head.postings) | set(index.body.postings))
    return index


def correct(index: Index, term: str, cutoff: float = 80.0) -> str | None:
    """The indexed term closest to ``term`` (a typo), or None when nothing is close enough."""
    if index.known(term):
        return term
    if len(term) < 4:
        return None
    found = process.extractOne(term, index.vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff)
    return found[0] if found else None


def rank(index: Index, terms: Sequence[str], limit: int = 10) -> list[tuple[AssetRecord, float]]:
    """Assets by BM25 score for ``terms`` (typos corrected), best first; ties by asset id."""
    scores: dict[int, float] = {}
    for raw in dict.fromkeys(terms):
        term = correct(index, raw)
        if term is not None:
            index.head.score(term, scores, HEAD_WEIGHT)
            index.body.score(term, scores, 1.0)
    ordered = sorted(scores.items(), key=lambda item: (-item[1], index.docs[item[0]].asset_id))
    return [(index.docs[doc], score) for doc, score in ordered[:limit]]
