"""The offline agent: classify → extract slots → answer from the visible catalog → ground citations."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from mdsync_agent.core import answers, answers_ops, cite
from mdsync_agent.core.answers import Answerer, Context
from mdsync_agent.core.bm25 import Index, build_index, correct
from mdsync_agent.core.intents import OUT_OF_SCOPE, Names, Slots, classify, extract
from mdsync_agent.core.lexicon import query_terms
from mdsync_agent.core.models import AskResponse, Catalog, Intent

ANSWERERS: dict[Intent, Answerer] = {
    Intent.FIND_ASSETS: answers.find_assets,
    Intent.FIND_COLUMNS: answers.find_columns,
    Intent.DESCRIBE: answers.describe,
    Intent.LINEAGE_UP: partial(answers_ops.lineage, upstream=True),
    Intent.LINEAGE_DOWN: partial(answers_ops.lineage, upstream=False),
    Intent.CHANGES: answers_ops.changes,
    Intent.SYNC_STATUS: answers_ops.sync_status,
    Intent.RUNNING_JOBS: answers_ops.running_jobs,
    Intent.LOSSY: answers_ops.lossy,
    Intent.COMPARE: answers_ops.compare,
    Intent.HELP: answers.help_answer,
    Intent.REFUSE: answers.refuse,
}


class Agent:
    """Answers questions over one caller's catalog (build once per catalog; answering is pure)."""

    def __init__(self, catalog: Catalog) -> None:
        """Index the catalog."""
        self.catalog = catalog
        self.index: Index = build_index(catalog.assets)
        self.ids = cite.known_ids(catalog)
        self.names = Names.of(catalog)
        self.by_id = {a.asset_id: a for a in catalog.assets}

    def answer(
        self, question: str, now: datetime, intent: Intent | None = None, previous: str | None = None
    ) -> AskResponse:
        """Answer ``question``; ``intent`` overrides classification (a planner's choice); ``previous`` is the
        conversation's last asset id."""
        ctx = Context(catalog=self.catalog, index=self.index, now=now)
        slots = extract(question, self.names, now, self.by_id.get(previous or ""))
        chosen = intent or classify(question)
        if chosen is Intent.REFUSE and not OUT_OF_SCOPE.search(question.lower()):
            chosen = self._without_cue(question, slots)
        response = ANSWERERS[chosen](question, slots, ctx)
        return self.ground(response)

    def _without_cue(self, question: str, slots: Slots) -> Intent:
        """A question matching no rule: describe the asset it names, or search when every word is in the index."""
        if slots.asset is not None:
            return Intent.DESCRIBE
        terms = query_terms(question)
        if terms and all(correct(self.index, t) for t in terms):
            return Intent.FIND_ASSETS
        return Intent.REFUSE

    def ground(self, response: AskResponse) -> AskResponse:
        """Drop every citation that names no visible record; a refusal cites nothing."""
        if response.intent is Intent.REFUSE:
            return response.model_copy(update={"citations": ()})
        kept = tuple(c for c in response.citations if c.id in self.ids)
        return response.model_copy(update={"citations": kept})
