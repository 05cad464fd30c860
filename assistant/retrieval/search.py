"""Hybrid search: dense (Chroma, the nodes llama-index wrote) and BM25, fused by reciprocal rank.

Both sides rank nodes; parts of one long item are merged into the item before fusing, so
an item split in three does not count three times. Reciprocal rank fusion needs no score
calibration between cosine similarities and BM25 scores, which live on different scales.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llama_index.core.embeddings import BaseEmbedding
from threadpoolctl import threadpool_limits

from assistant.components.embedding import build_embedding
from assistant.config import Settings
from assistant.indexing.ids import source_name
from assistant.indexing.ingest import LEXICAL_DIR
from assistant.indexing.store import IndexStore, document_of
from assistant.retrieval.glossary import GLOSSARY_FILE, Glossary
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.memo import Memo
from assistant.retrieval.models import MAX_QUERY_CHARS, SearchFilters, SearchMode, SearchResult, day_number

log = logging.getLogger(__name__)
RRF_K = 60  # the textbook constant; the service uses the measured `rrf_k` setting
_CANDIDATES = 50
_SNIPPET = 320


class QueryProblem(ValueError):
    """A query that cannot be searched; `str()` is a Swedish explanation."""


def clean_query(query: str) -> str:
    """The query with white space folded and cut to a sane length; QueryProblem if nothing is left."""
    text = " ".join(query.split())[:MAX_QUERY_CHARS]
    if not re.search(r"\w", text):
        raise QueryProblem("Frågan är tom. Skriv vad du vill veta, till exempel «Vad beslutades om SIP?».")
    return text


def chroma_where(filters: SearchFilters | None) -> dict[str, Any] | None:
    """The filters as a Chroma `where` clause (None: no filter)."""
    if filters is None:
        return None
    parts: list[dict[str, Any]] = []
    for key, value in (("body", filters.body), ("item_kind", filters.item_kind), ("doc_kind", filters.doc_kind)):
        if value:
            parts.append({key: {"$eq": value}})
    if filters.since:
        parts.append({"date_num": {"$gte": day_number(filters.since)}})
    if filters.until:
        parts.append({"date_num": {"$lte": day_number(filters.until)}})
        parts.append({"date_num": {"$gt": 0}})  # an undated meeting is not "before" anything
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _item_of(node_id: str) -> str:
    return node_id.split("#", 1)[0]


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Score = sum over rankings of weight / (k + rank). Ties keep first-seen order."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights or [1.0] * len(rankings)):
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank + 1)
    return sorted(scores.items(), key=lambda pair: -pair[1])


@dataclass
class Signals:
    """What dense and lexical search said about a query: item rankings and scores."""

    dense: dict[str, float] = field(default_factory=dict)  # item -> cosine similarity of its best part
    dense_order: list[str] = field(default_factory=list)
    bm25: dict[str, float] = field(default_factory=dict)  # item -> BM25 score of its best part
    bm25_order: list[str] = field(default_factory=list)

    def fused(self, k: int, lexical_weight: float) -> list[tuple[str, float]]:
        """Reciprocal rank fusion of the two rankings (dense weighs 1)."""
        rankings = [r for r in (self.dense_order, self.bm25_order) if r]
        weights = [w for r, w in ((self.dense_order, 1.0), (self.bm25_order, lexical_weight)) if r]
        return reciprocal_rank_fusion(rankings, k, weights)

    def merge(self, other: Signals) -> None:
        """Add another search's candidates (e.g. from the body or period a question names)."""
        for item in other.dense_order:
            if item not in self.dense:
                self.dense[item] = other.dense[item]
                self.dense_order.append(item)
        for item in other.bm25_order:
            if item not in self.bm25:
                self.bm25[item] = other.bm25[item]
                self.bm25_order.append(item)


class SearchService:
    """Searches the index in `index_dir`; one instance serves many queries."""

    def __init__(self, settings: Settings, index_dir: Path, embedding: BaseEmbedding | None = None) -> None:
        self.settings = settings
        self.index_dir = index_dir
        # Dense search is one matrix-vector product per question: on BLAS's thread pool it gains
        # nothing, and the pool's threads spin after each product, taking the CPU the query
        # embedding's OpenMP threads need (eval/profile_ask.py: 33 ms per query embedding became 80).
        threadpool_limits(limits=1, user_api="blas")
        self.store = IndexStore.open(settings, index_dir, create=False)
        self.embedding = embedding or build_embedding(settings)
        self.store.check_model(self.embedding.model_name, int(getattr(self.embedding, "dimension", 0)))
        self.glossary = Glossary.load(settings.corpus_dir / GLOSSARY_FILE)
        self._lexical: LexicalIndex | None = None
        # The query's vector is most of a search's time; the same question asked again reuses it.
        self._vectors: Memo[list[float]] = Memo(settings.answer_cache_size)
        # Items as read from the store, per index generation: the candidates of one question are
        # mostly the candidates of the next, and reading and unpacking them was a fifth of an answer.
        self._items: Memo[SearchResult | None] = Memo(settings.item_cache_size)
        self._generation = -1
        self._last = threading.local()

    def lexical(self) -> LexicalIndex:
        """The BM25 index matching the store now: cached, reloaded or rebuilt when the store changed."""
        generation = self.store.generation()
        if self._lexical is not None and generation == self._generation:
            return self._lexical
        wanted = self.store.lexical_fingerprint(self.settings.compounds)
        cached = LexicalIndex.load(self.index_dir / LEXICAL_DIR)
        if cached is None or cached.fingerprint != wanted:
            cached = self.store.build_lexical(self.settings.compounds)
            try:
                cached.save(self.index_dir / LEXICAL_DIR)
            except OSError as error:  # a read-only index folder still searches
                log.warning("cannot cache the lexical index: %s", error)
        self._lexical, self._generation = cached, generation
        return cached

    def search(
        self,
        query: str,
        *,
        top_k: int = 5,
        filters: SearchFilters | None = None,
        mode: SearchMode = "hybrid",
    ) -> list[SearchResult]:
        """The `top_k` items that best answer `query`, best first."""
        top_k = max(1, min(int(top_k), 100))
        signals = self.signals(query, max(_CANDIDATES, top_k * 5), filters, mode)
        if mode == "hybrid":
            fused = signals.fused(self.settings.rrf_k, self.settings.lexical_weight)[:top_k]
        elif mode == "dense":
            fused = [(item, math.exp(-(1.0 - signals.dense[item]))) for item in signals.dense_order[:top_k]]
        else:
            fused = [(item, signals.bm25[item]) for item in signals.bm25_order[:top_k]]
        return self._results(fused, signals.dense)

    def signals(
        self, query: str, candidates: int, filters: SearchFilters | None = None, mode: SearchMode = "hybrid"
    ) -> Signals:
        """Each side's ranking of items for `query` (expanded by the glossary), with its scores:
        what fusion, and a ranker over candidates, start from."""
        text = clean_query(query)
        expanded = self.glossary.expand(text)
        found = Signals()
        if mode in ("hybrid", "dense"):
            vector = self._vectors.get(expanded, lambda: self._query_vector(expanded))
            keep = filters.accepts if filters else None
            for node_id, distance in self.lexical().nearest(vector, candidates, keep, filters.key() if filters else None):
                item = _item_of(node_id)
                if item not in found.dense:
                    found.dense[item] = 1.0 - distance  # cosine similarity of the item's best part
                    found.dense_order.append(item)
        if mode in ("hybrid", "bm25"):
            keep = filters.accepts if filters else None
            for node_id, score in self.lexical().search(expanded, candidates, keep, filters.key() if filters else None):
                item = _item_of(node_id)
                if item not in found.bm25:
                    found.bm25[item] = score
                    found.bm25_order.append(item)
        return found

    def _query_vector(self, text: str) -> list[float]:
        """The query's vector; the same text asked again by this thread right after (a question's
        second search, inside the body or period it names) reuses it even with the caches off."""
        last = getattr(self._last, "vector", None)
        if last is not None and last[0] == text:
            return list(last[1])
        vector = self.embedding.get_query_embedding(text)
        self._last.vector = (text, vector)
        return list(vector)

    def results(self, ranked: Sequence[tuple[str, float]], dense: dict[str, float]) -> list[SearchResult]:
        """Whole items for ranked item ids (with their scores), in that order."""
        return self._results(ranked, dense)

    def item(self, item_id: str) -> SearchResult | None:
        """One item (all its parts) by id, or None if the index has no such item."""
        found = self._results([(item_id, 0.0)], {})
        return found[0] if found else None

    def _results(self, ranked: Sequence[tuple[str, float]], dense: dict[str, float]) -> list[SearchResult]:
        """Whole items (every part's text joined in order), with their scores; remembered per generation."""
        if not ranked:
            return []
        generation = self.store.generation()
        remembered = self._items.known((generation, item) for item, _ in ranked)
        known = {item: remembered[(generation, item)] for item, _ in ranked if (generation, item) in remembered}
        missing = [item for item, _ in ranked if item not in known]
        if missing:
            read = self._read(missing)
            for item in missing:
                known[item] = self._items.put((generation, item), read.get(item))
        return [
            found.model_copy(update={"score": round(score, 6), "dense_score": dense.get(item)})
            for item, score in ranked
            if (found := known[item]) is not None
        ]

    def _read(self, items: Sequence[str]) -> dict[str, SearchResult]:
        """Whole items from the store: every part's text fetched and joined in order."""
        committed = self.store.committed(document_of(i) for i in items)
        first = self.store.nodes(items, committed)
        part_ids = [
            f"{item}#{n}" for item, (meta, _) in first.items() for n in range(1, int(meta.get("parts", 1) or 1))
        ]
        rest = self.store.nodes(part_ids, committed)  # the parts of the versions the first parts are of
        results = {}
        for item, (meta, text) in first.items():
            parts = [text] + [
                rest[f"{item}#{n}"][1] for n in range(1, int(meta.get("parts", 1) or 1)) if f"{item}#{n}" in rest
            ]
            results[item] = _result(item, meta, [_without_heading(p) for p in parts], 0.0)
        return results


def _without_heading(text: str) -> str:
    return text.split("\n", 1)[1] if "\n" in text else text


def _result(item: str, meta: dict[str, Any], parts: list[str], score: float) -> SearchResult:
    text = "\n".join(parts).strip()
    try:
        assignments = json.loads(str(meta.get("assignments") or "[]"))
    except ValueError:
        assignments = []
    return SearchResult(
        id=item,
        body=str(meta.get("body") or "") or None,
        date=str(meta.get("date") or "") or None,
        item=str(meta.get("item") or "") or None,
        title=str(meta.get("title") or ""),
        source=source_name(meta.get("source")),
        kind=str(meta.get("item_kind") or "") or None,
        doc_kind=str(meta.get("doc_kind") or ""),
        score=round(score, 6),
        text=text,
        snippet=text[:_SNIPPET] + ("…" if len(text) > _SNIPPET else ""),
        url=f"/items/{item}",
        doc_title=str(meta.get("doc_title") or "") or None,
        cited_as=str(meta.get("cited_as") or "") or None,
        decision=str(meta.get("decision") or "") or None,
        presenters=[p for p in str(meta.get("presenters") or "").split("; ") if p],
        assignments=assignments,
    )
