"""Scoring of agent answers: intent accuracy, P@1, R@5, groundedness, refusal accuracy, leaks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pydantic import Field

from mdsync_agent.core.agent import Agent
from mdsync_agent.core.cite import known_ids
from mdsync_agent.core.models import AskResponse, Catalog, CitationKind, Frozen, Intent


class Question(Frozen):
    """One evaluation question."""

    id: str
    question: str
    intent: Intent
    expect: tuple[str, ...] = ()
    kind: str = "normal"
    spaces: tuple[str, ...] | None = None
    split: str = "dev"


class QuestionSet(Frozen):
    """A question set over one tenant at a fixed time."""

    tenant: str
    now: datetime
    questions: tuple[Question, ...]


class Scored(Frozen):
    """One answer scored."""

    question: Question
    response: AskResponse
    intent_ok: bool
    p_at_1: float | None
    r_at_5: float | None
    grounded: bool
    refusal_ok: bool
    leaks: int


class Report(Frozen):
    """Aggregate figures of one split."""

    split: str
    questions: int
    intent_accuracy: float
    p_at_1: float = Field(description="Over questions expecting citations.")
    r_at_5: float = Field(description="Over questions expecting citations.")
    groundedness: float
    refusal_accuracy: float
    leaks: int


def _ranked(response: AskResponse) -> list[str]:
    """Cited ids, spaces last (they frame the answer rather than answer it)."""
    cited = [c for c in response.citations if c.kind is not CitationKind.SPACE]
    return [c.id for c in cited] + [c.id for c in response.citations if c.kind is CitationKind.SPACE]


def _leaks(response: AskResponse, full: Catalog, visible: Catalog) -> int:
    """Citations or names in the answer from spaces the caller cannot see."""
    hidden = [s for s in full.spaces if s not in visible.spaces]
    hidden_ids = known_ids(full) - known_ids(visible)
    cited = sum(c.id in hidden_ids for c in response.citations)
    named = sum(f"{s}/" in response.answer for s in hidden)
    return cited + named


def score(question: Question, full: Catalog, now: datetime) -> Scored:
    """Ask one question as its caller and score the answer."""
    visible = full.visible_to(frozenset(question.spaces) if question.spaces is not None else None)
    response = Agent(visible).answer(question.question, now)
    ranked = _ranked(response)
    expected = set(question.expect)
    p1 = (1.0 if ranked and ranked[0] in expected else 0.0) if expected else None
    r5 = len(expected & set(ranked[:5])) / len(expected) if expected else None
    refused = response.intent is Intent.REFUSE
    return Scored(
        question=question,
        response=response,
        intent_ok=response.intent is question.intent,
        p_at_1=p1,
        r_at_5=r5,
        grounded=all(c.id in known_ids(visible) for c in response.citations),
        refusal_ok=refused == (question.intent is Intent.REFUSE),
        leaks=_leaks(response, full, visible),
    )


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 1.0


def report(split: str, scored: Sequence[Scored]) -> Report:
    """Aggregate the scored answers of one split."""
    return Report(
        split=split,
        questions=len(scored),
        intent_accuracy=_mean([float(s.intent_ok) for s in scored]),
        p_at_1=_mean([s.p_at_1 for s in scored if s.p_at_1 is not None]),
        r_at_5=_mean([s.r_at_5 for s in scored if s.r_at_5 is not None]),
        groundedness=_mean([float(s.grounded) for s in scored]),
        refusal_accuracy=_mean([float(s.refusal_ok) for s in scored]),
        leaks=sum(s.leaks for s in scored),
    )
