"""Candidates for an understood question, ranked by the learned ranker (or by rank fusion).

Hybrid search gives the candidates: the question's own search, plus, when it names a body or a
period, a search inside them, so the items that fit its constraints are among the candidates
even when hundreds of others share their words. The body and period are not hard filters:
"ärenden som lyftes till samrådet" is answered from another body's meeting, and a question may
name a period loosely. The ranker weighs them with everything else (features.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from assistant.retrieval.features import features
from assistant.retrieval.models import SearchFilters, SearchResult
from assistant.retrieval.ranker import Ranker
from assistant.retrieval.search import SearchService, Signals
from assistant.understanding.question import Question

CANDIDATES = 40  # from each search; R@40 of hybrid search is ~0.99 on eval/questions.jsonl at scale
_NARROWED = 20  # from the search inside the named body or period
_MAX_RANKED = 50  # items whose features are computed


@dataclass
class Ranked:
    """Candidate items best first, with their features, scores and the confidence in the first."""

    results: list[SearchResult]
    rows: np.ndarray
    scores: np.ndarray
    confidence: float | None  # P(the first answers); None without a learned ranker
    learned: bool

    def close(self, margin: float) -> list[SearchResult]:
        """The first item and those the ranker scores within `margin` of it."""
        if not self.results:
            return []
        return [r for r, s in zip(self.results, self.scores) if self.scores[0] - s <= margin]


def narrowed(question: Question, filters: SearchFilters | None) -> SearchFilters | None:
    """The user's filters narrowed to the one body and the period the question names (None: nothing to narrow)."""
    base = filters or SearchFilters()
    update: dict[str, object] = {}
    if len(question.bodies) == 1 and not base.body:
        update["body"] = question.bodies[0]
    period = question.period
    if period is not None and not (base.since or base.until):
        update.update(since=period.since, until=period.until)
    return base.model_copy(update=update) if update else None


class RankingService:
    """Candidates from hybrid search, ordered by the ranker when one is loaded."""

    def __init__(self, search: SearchService, ranker: Ranker | None) -> None:
        self.search = search
        self.ranker = ranker

    def candidates(self, question: Question, filters: SearchFilters | None = None) -> tuple[list[SearchResult], Signals]:
        """The candidate items (in fused order) and what each search said about them."""
        signals = self.search.signals(question.query, CANDIDATES, filters)
        inside = narrowed(question, filters)
        if inside is not None:
            signals.merge(self.search.signals(question.query, _NARROWED, inside))
        fused = signals.fused(self.search.settings.rrf_k, self.search.settings.lexical_weight)[:_MAX_RANKED]
        return self.search.results(fused, signals.dense), signals

    def rank(self, question: Question, filters: SearchFilters | None = None) -> Ranked:
        results, signals = self.candidates(question, filters)
        statistics = self.search.lexical().statistics
        rows = features(question, results, signals, statistics, self.search.glossary)
        if self.ranker is None or not results:
            scores = np.array([r.score for r in results], dtype=np.float64)
            return Ranked(results, rows, scores, None, False)
        scores = self.ranker.scores(rows)
        order = np.argsort(-scores, kind="stable")
        scores, rows = scores[order], rows[order]
        top = scores[0]
        ranked = [
            results[i].model_copy(update={"score": round(math.exp(float(s - top)), 6)}) for i, s in zip(order, scores)
        ]
        return Ranked(ranked, rows, scores, self.ranker.confidence(scores, rows), True)
