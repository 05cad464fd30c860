"""Features of a candidate item for a question: what the ranker and the abstention model read.

Each feature says something general about how an item relates to a question, never about a
particular document: how close dense search put it and where BM25 ranked it; how much of the
question's rare words its title, decision, text and assignments hold; whether it is of the body
and the period the question names; whether it has the field the question asks for (a decision,
an assignment, a presenter, an amount in the asked unit); what kind of item it is. Groups name
the features that an ablation removes together (eval/train_ranker.py, eval/RESULTS.md).
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from functools import cached_property, partial
from weakref import WeakKeyDictionary

import numpy as np

from assistant.documents.models import MEETING_KINDS
from assistant.retrieval.analyzer import SwedishAnalyzer, stem, words
from assistant.retrieval.glossary import Glossary
from assistant.retrieval.memo import Memo
from assistant.retrieval.models import SearchResult
from assistant.retrieval.search import Signals
from assistant.retrieval.statistics import CorpusStatistics
from assistant.understanding.intent import Intent
from assistant.understanding.question import QUESTION_WORDS, Question

INTENTS: tuple[Intent, ...] = ("närvaro", "föredragande", "ansvar", "tidslinje", "datum", "beslut", "belopp", "allmänt")
# Feature name -> group (ablations remove a group at a time).
GROUPS: dict[str, str] = {
    "dense": "dense",
    "dense_gap": "dense",
    "dense_rank": "dense",
    "bm25": "lexical",
    "bm25_rank": "lexical",
    "fused_rank": "lexical",
    "cov_title": "fields",
    "cov_decision": "fields",
    "cov_text": "fields",
    "cov_assignments": "fields",
    "cov_rarest": "fields",
    "cov_all": "fields",
    "cov_sentence": "fields",
    "body_named": "constraints",
    "body_match": "constraints",
    "recipient_match": "constraints",
    "period_named": "constraints",
    "period_match": "constraints",
    "undated": "constraints",
    "year_match": "constraints",
    "latest": "constraints",
    "recency": "constraints",
    "intent": "structure",
    "has_decision": "structure",
    "assignments": "structure",
    "has_presenters": "structure",
    "presenter_named": "structure",
    "is_meeting": "structure",
    "is_decision_item": "structure",
    "is_agreement": "structure",
    "agreement_hint": "structure",
    "amount_asked": "structure",
    "has_amount": "structure",
    "role_asked": "structure",
    "standing_item": "structure",
}
NAMES: tuple[str, ...] = tuple(GROUPS)
# The direction each feature may move an item's score (LightGBM monotone constraints): more similar,
# more covered, of the named body and period, never worse. Keeps the ranker from learning quirks of
# its generated training questions that real questions do not share.
MONOTONE: dict[str, int] = {
    "dense": 1,
    "dense_gap": -1,
    "dense_rank": -1,
    "bm25": 1,
    "bm25_rank": -1,
    "fused_rank": -1,
    "cov_title": 1,
    "cov_decision": 1,
    "cov_text": 1,
    "cov_assignments": 1,
    "cov_rarest": 1,
    "cov_all": 1,
    "cov_sentence": 1,
    "presenter_named": 1,
    "body_match": 1,
    "period_match": 1,
    "year_match": 1,
    "has_amount": 1,
}
CATEGORICAL = ("intent",)
# The routine items every meeting has: they answer attendance questions, rarely topical ones.
_STANDING = re.compile(
    r"^(?:mötet?s? (?:öppnas|avslutas)|val av (?:justerare|protokolljusterare)|justering|godkännande av dagordning"
    r"|dagordning|föregående protokoll|övriga frågor|nästa möte|mötets öppnande|mötets avslutande)",
    re.I,
)
_PERIOD_WORDS = re.compile(
    r"\b(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|våren|hösten"
    r"|sommaren|vintern|våras|höstas|somras|vintras|senaste|senast|(?:19|20)\d{2})\b",
    re.I,
)


# Where an item's text is cut into sentences (and lines) for the best single sentence's coverage:
# a question's words together in one sentence say more than the same words spread over an item.
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")


def _surname(presenter: str) -> str:
    """The part of a presenter line a question names the person by ("Ewa Hemmingsson, strateg" -> "hemmingsson")."""
    name = presenter.split(",", 1)[0].strip().lower()
    return name.rsplit(" ", 1)[-1] if " " in name else name or "\0"


@dataclass(frozen=True)
class Asked:
    """The question's topic stems with their rarity weights and the glossary's other forms."""

    stems: tuple[str, ...]
    weights: tuple[float, ...]
    synonyms: tuple[tuple[frozenset[str], tuple[frozenset[str], ...]], ...]

    @cached_property
    def total(self) -> float:
        return sum(self.weights)

    @cached_property
    def _relevant(self) -> frozenset[str]:
        """Every stem that can count: the asked ones and their glossary forms' (a set of stems
        disjoint from these covers nothing, whatever its size)."""
        return frozenset(self.stems).union(*(a for _, alts in self.synonyms for a in alts))

    def coverage(self, found: AbstractSet[str]) -> float:
        """The rarity-weighted share of the asked stems in `found` (with glossary forms)."""
        if not self.stems or self.total <= 0 or self._relevant.isdisjoint(found):
            return 0.0
        found = self.with_synonyms(found)
        return sum(w for s, w in zip(self.stems, self.weights) if s in found) / self.total

    def best_coverage(self, sentences: Iterable[AbstractSet[str]]) -> float:
        """The highest coverage of any one of `sentences` (0 for none)."""
        return max((self.coverage(x) for x in sentences if not self._relevant.isdisjoint(x)), default=0.0)

    def with_synonyms(self, found: AbstractSet[str]) -> AbstractSet[str]:
        if not self.synonyms:
            return found
        extra = {s for term, alts in self.synonyms if any(a and a <= found for a in alts) for s in term}
        return found | extra if extra else found


def asked(question: Question, statistics: CorpusStatistics, glossary: Glossary, drop: set[str]) -> Asked:
    """What the question asks about, as stems weighted by rarity; `drop`: stems of the bodies it
    names (those are the body features' business, not the topic's)."""
    topic = _PERIOD_WORDS.sub(" ", " ".join(w for w in re.findall(r"\w+", question.query.lower()) if w not in QUESTION_WORDS))
    stems = [s for s in dict.fromkeys(statistics.stems.tokens(topic)) if s not in drop and not s.isdigit()]
    nodes, frequency = statistics.nodes, statistics.document_frequency
    weights = [math.log((nodes + 1) / (frequency.get(s, 0) + 0.5)) for s in stems]
    synonyms = tuple(
        (frozenset(statistics.stems.tokens(term)), tuple(frozenset(statistics.stems.tokens(a)) for a in others))
        for term, others in glossary.alternatives(topic)
    )
    return Asked(tuple(stems), tuple(weights), tuple((t, a) for t, a in synonyms if t))


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _assignment_text(result: SearchResult) -> str:
    return " ".join(
        f"{a.get('assignee') or ''} {a.get('task') or ''} {a.get('sentence') or ''}" for a in result.assignments
    )


@dataclass(frozen=True)
class _Profile:
    """What the features read of an item whatever the question: its stems by field, its years."""

    title: frozenset[str]
    decision: frozenset[str]
    sentences: tuple[frozenset[str], ...]
    text: frozenset[str]
    assigned: frozenset[str]
    years: frozenset[int]
    standing: bool


_PROFILES: WeakKeyDictionary[SwedishAnalyzer, Memo[_Profile]] = WeakKeyDictionary()
_PROFILES_LOCK = threading.Lock()
_PROFILE_CACHE = 20000  # items; the analyzer (one per index generation) owns its memo


def _profiles(stems: SwedishAnalyzer) -> Memo[_Profile]:
    with _PROFILES_LOCK:
        if (memo := _PROFILES.get(stems)) is None:
            memo = _PROFILES[stems] = Memo(_PROFILE_CACHE)
        return memo


def _profile(stems: SwedishAnalyzer, result: SearchResult) -> _Profile:
    sentences = tuple(frozenset(stems.tokens(x)) for x in _SENTENCES.split(result.text) if x.strip())
    return _Profile(
        title=frozenset(stems.tokens(result.title)),
        decision=frozenset(stems.tokens(result.decision)) if result.decision else frozenset(),
        sentences=sentences,
        text=frozenset().union(*sentences),
        assigned=frozenset(stems.tokens(_assignment_text(result))) if result.assignments else frozenset(),
        years=frozenset(int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", result.text)),
        standing=_STANDING.search(result.title.strip()) is not None,
    )


def features(
    question: Question,
    results: Sequence[SearchResult],
    signals: Signals,
    statistics: CorpusStatistics,
    glossary: Glossary,
) -> np.ndarray:
    """One row of NAMES per result."""
    stems = statistics.stems
    # The words of the bodies the question names are the body features' business, not the topic's.
    body_stems = {stem(w) for body in question.bodies + question.recipients for w in words(body)}
    ask = asked(question, statistics, glossary, body_stems)
    rarest = {s for s, w in zip(ask.stems, ask.weights) if w >= max(ask.weights, default=0.0) - 1e-9} if ask.stems else set()
    best_dense = max(signals.dense.values(), default=0.0)
    best_bm25 = max(signals.bm25.values(), default=0.0) or 1.0
    dense_rank = {item: n for n, item in enumerate(sorted(signals.dense, key=lambda i: -signals.dense[i]))}
    bm25_rank = {item: n for n, item in enumerate(sorted(signals.bm25, key=lambda i: -signals.bm25[i]))}
    fused_rank = {item: n for n, (item, _) in enumerate(signals.fused(20, 0.5))}
    dates = [_day(r.date) for r in results]
    dated = sorted({d for d in dates if d is not None}, reverse=True)
    newest = {d: n for n, d in enumerate(dated)}
    period = question.period
    intent = INTENTS.index(question.intent) if question.intent in INTENTS else len(INTENTS) - 1
    miss = len(results) + 50
    lowered = question.query.lower()
    rows = []
    memo = _profiles(stems)
    for result, when in zip(results, dates):
        profile = memo.get((result.id, result.title, result.decision, result.text), partial(_profile, stems, result))
        title, decision, sentences, text, assigned = (
            profile.title, profile.decision, profile.sentences, profile.text, profile.assigned
        )
        everything = ask.with_synonyms(title | text)
        item_years = profile.years | ({when.year} if when else set())
        dense = signals.dense.get(result.id)
        rows.append(
            [
                dense if dense is not None else 0.0,
                best_dense - dense if dense is not None else 1.0,
                math.log1p(dense_rank.get(result.id, miss)),
                signals.bm25.get(result.id, 0.0) / best_bm25,
                math.log1p(bm25_rank.get(result.id, miss)),
                math.log1p(fused_rank.get(result.id, miss)),
                ask.coverage(title),
                ask.coverage(decision),
                ask.coverage(text),
                ask.coverage(assigned),
                float(bool(rarest) and rarest <= everything),
                ask.coverage(title | text),
                ask.best_coverage(sentences),
                float(bool(question.bodies)),
                float(result.body in question.bodies) if question.bodies else 0.5,
                float(result.body in question.recipients) if question.recipients else 0.5,
                float(period is not None),
                (float(period.holds(when)) if when is not None else 0.5) if period is not None else 0.5,
                float(when is None),
                float(bool(item_years & set(question.years))) if question.years else 0.5,
                float(question.latest),
                newest[when] / max(1, len(dated) - 1) if when is not None else 1.0,
                float(intent),
                float(bool(result.decision)),
                float(len(result.assignments)),
                float(bool(result.presenters)),
                float(any(re.search(rf"\b{re.escape(_surname(p))}\b", lowered) for p in result.presenters)),
                float(not result.item),
                float(result.kind == "beslut"),
                float(result.doc_kind not in MEETING_KINDS),
                float(question.agreement_hint),
                float(question.amount is not None),
                float(question.amount.search(result.text) is not None) if question.amount is not None else 0.5,
                float(question.role is not None),
                float(profile.standing),
            ]
        )
    return np.asarray(rows, dtype=np.float32).reshape(len(rows), len(NAMES))
