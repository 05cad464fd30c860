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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from llama_index.core.embeddings import BaseEmbedding

from assistant.components.embedding import build_embedding
from assistant.config import Settings
from assistant.indexing.ids import source_name
from assistant.indexing.ingest import LEXICAL_DIR
from assistant.indexing.store import IndexStore
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


def _ranked_items(node_ids: Sequence[str]) -> list[str]:
    """Node ranking to item ranking: an item ranks where its best part ranks."""
    seen: dict[str, None] = {}
    for node_id in node_ids:
        seen.setdefault(_item_of(node_id), None)
    return list(seen)


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Score = sum over rankings of weight / (k + rank). Ties keep first-seen order."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights or [1.0] * len(rankings)):
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank + 1)
    return sorted(scores.items(), key=lambda pair: -pair[1])


class SearchService:
    """Searches the index in `index_dir`; one instance serves many queries."""

    def __init__(self, settings: Settings, index_dir: Path, embedding: BaseEmbedding | None = None) -> None:
        self.settings = settings
        self.index_dir = index_dir
        self.store = IndexStore.open(settings, index_dir, create=False)
        self.embedding = embedding or build_embedding(settings)
        self.store.check_model(self.embedding.model_name, int(getattr(self.embedding, "dimension", 0)))
        self.glossary = Glossary.load(settings.corpus_dir / GLOSSARY_FILE)
        self._lexical: LexicalIndex | None = None
        # The query's vector is most of a search's time; the same question asked again reuses it.
        self._vectors: Memo[list[float]] = Memo(settings.answer_cache_size)
        self._generation = -1

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
        text = clean_query(query)
        expanded = self.glossary.expand(text)
        top_k = max(1, min(int(top_k), 100))
        candidates = max(_CANDIDATES, top_k * 5)
        rankings: list[list[str]] = []
        scores: dict[str, float] = {}
        dense: dict[str, float] = {}
        if mode in ("hybrid", "dense"):
            vector = self._vectors.get(expanded, lambda: self.embedding.get_query_embedding(expanded))
            hits = self.store.nearest(vector, candidates, chroma_where(filters))
            rankings.append(_ranked_items([node_id for node_id, _ in hits]))
            for node_id, distance in hits:
                item = _item_of(node_id)
                scores.setdefault(item, math.exp(-distance))  # llama-index's similarity score for Chroma
                dense.setdefault(item, 1.0 - distance)  # cosine similarity
        if mode in ("hybrid", "bm25"):
            keep = filters.accepts if filters else None
            hits_bm25 = self.lexical().search(expanded, candidates, keep, filters.key() if filters else None)
            rankings.append(_ranked_items([node_id for node_id, _ in hits_bm25]))
            for node_id, score in hits_bm25:
                scores.setdefault(_item_of(node_id), score)
        if mode == "hybrid":
            weights = [1.0, self.settings.lexical_weight]
            fused = reciprocal_rank_fusion(rankings, self.settings.rrf_k, weights)[:top_k]
        else:
            fused = [(item, scores[item]) for item in rankings[0][:top_k]]
        return self._results(fused, dense)

    def item(self, item_id: str) -> SearchResult | None:
        """One item (all its parts) by id, or None if the index has no such item."""
        found = self._results([(item_id, 0.0)], {})
        return found[0] if found else None

    def _results(self, ranked: Sequence[tuple[str, float]], dense: dict[str, float]) -> list[SearchResult]:
        """Whole items: every part's text fetched and joined in order."""
        if not ranked:
            return []
        first = self.store.nodes([item for item, _ in ranked])
        part_ids = [
            f"{item}#{n}" for item, (meta, _) in first.items() for n in range(1, int(meta.get("parts", 1) or 1))
        ]
        rest = self.store.nodes(part_ids)
        results = []
        for item, score in ranked:
            if item not in first:
                continue
            meta, text = first[item]
            parts = [text] + [
                rest[f"{item}#{n}"][1] for n in range(1, int(meta.get("parts", 1) or 1)) if f"{item}#{n}" in rest
            ]
            result = _result(item, meta, [_without_heading(p) for p in parts], score)
            results.append(result.model_copy(update={"dense_score": dense.get(item)}))
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
        decision=str(meta.get("decision") or "") or None,
        presenters=[p for p in str(meta.get("presenters") or "").split("; ") if p],
        assignments=assignments,
    )
