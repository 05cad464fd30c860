"""BM25 over the nodes' text, Swedish-analysed, and the nodes' vectors as one matrix: cached
on disk and rebuilt from Chroma.

Dense search reads the matrix too (exact cosine, one matrix-vector product): at 10k items that
is a millisecond where Chroma's query took 15 (eval/profile_ask.py), and it sees the same nodes
as BM25, both derived from one reading of the store.

Chroma holds every node's text, so the lexical index is derived data: it is rebuilt
whenever the set of nodes changes (told by a fingerprint of the committed documents'
versions) and cached in the index folder, with the corpus statistics answering needs. Several API processes sharing one Chroma server
each rebuild their own copy, so none can disagree with the store.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from array import array
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from assistant.retrieval.analyzer import CompoundMode, SwedishAnalyzer
from assistant.retrieval.memo import Memo
from assistant.retrieval.statistics import STATISTICS_FILE, CorpusStatistics

log = logging.getLogger(__name__)
_META = "lexical.json"
_EMPTY = "\u2205"  # the token of a node without searchable words (bm25s needs one)
_MASKS = 64  # filters whose node masks are remembered
_VECTORS = "vectors.npy"


@dataclass(frozen=True)
class LexicalRecord:
    """One node as BM25 sees it, with the fields filters need."""

    node_id: str
    text: str
    version: str
    filterable: dict[str, str | int]


def fingerprint(versions: Mapping[str, str], compounds: CompoundMode) -> str:
    """What the lexical index was built from: every committed document's version (the nodes are
    a function of them) and the compound handling. Cheap to compute from the registry, so a
    server can tell whether its cached index is current without reading every node."""
    digest = hashlib.sha256(compounds.encode())
    for doc_id in sorted(versions):
        digest.update(f"{doc_id}\0{versions[doc_id]}\n".encode())
    return digest.hexdigest()


class LexicalIndex:
    """BM25 (bm25s) over analysed node texts."""

    def __init__(
        self,
        node_ids: list[str],
        filterable: list[dict[str, str | int]],
        statistics: CorpusStatistics,
        compounds: CompoundMode,
        bm25: bm25s.BM25 | None,
        print_: str,
        vectors: np.ndarray | None = None,
    ) -> None:
        self.node_ids = node_ids
        self.filterable = filterable
        self.statistics = statistics
        self.analyzer = SwedishAnalyzer(statistics.vocabulary, compounds)
        self._bm25 = bm25
        self.fingerprint = print_
        self._masks: Memo[np.ndarray] = Memo(_MASKS)
        self.vectors = vectors  # unit rows, one per node id (None: an index saved without them)

    @classmethod
    def build(
        cls, records: list[LexicalRecord], compounds: CompoundMode, print_: str, vectors: np.ndarray | None = None
    ) -> LexicalIndex:
        """BM25 and the corpus statistics over `records`; `print_` is their `fingerprint`;
        `vectors` their embeddings, row for row.

        The list is consumed (emptied once its texts are tokenised), so the texts are freed
        before BM25 builds its matrix: at 100k items they are some 200 MB of the peak."""
        statistics = CorpusStatistics.build(records)
        if vectors is not None and len(vectors):
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        node_ids, filterable = [r.node_id for r in records], [r.filterable for r in records]
        index = cls(node_ids, filterable, statistics, compounds, None, print_, vectors)
        if records:
            # Token ids in compact arrays (4 bytes a token) rather than lists of strings (8 bytes a
            # pointer and a list per node): at 100k items this is hundreds of megabytes less.
            vocabulary: dict[str, int] = {}
            ids = [
                array(
                    "i", (vocabulary.setdefault(t, len(vocabulary)) for t in index.analyzer.tokens(r.text) or [_EMPTY])
                )
                for r in records
            ]
            records.clear()
            index._bm25 = bm25s.BM25()
            index._bm25.index((ids, vocabulary), show_progress=False)
        return index

    def search(
        self,
        query: str,
        k: int,
        keep: Callable[[dict[str, str | int]], bool] | None = None,
        mask_key: Hashable | None = None,
    ) -> list[tuple[str, float]]:
        """Node ids with BM25 scores, best first, only nodes `keep` accepts; nothing for a query
        without searchable words. `mask_key` names the filter, so that which nodes it accepts
        is worked out once, not at every search."""
        tokens = self.analyzer.tokens(query)
        if not tokens or self._bm25 is None or not self.node_ids:
            return []
        vocabulary = self._bm25.vocab_dict
        tokens = [t for t in tokens if t in vocabulary]
        if not tokens:
            return []
        mask = self._mask(keep, mask_key)
        if mask is not None and not mask.any():
            return []
        k = min(k, len(self.node_ids))
        docs, scores = self._bm25.retrieve([tokens], k=k, show_progress=False, n_threads=1, weight_mask=mask)
        return [(self.node_ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    def nearest(
        self,
        vector: list[float],
        k: int,
        keep: Callable[[dict[str, str | int]], bool] | None = None,
        mask_key: Hashable | None = None,
    ) -> list[tuple[str, float]]:
        """(node id, cosine distance) of the `k` nearest nodes that `keep` accepts, nearest first."""
        if self.vectors is None or not len(self.vectors) or k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32)
        similarity = self.vectors @ (query / max(float(np.linalg.norm(query)), 1e-12))
        mask = self._mask(keep, mask_key)
        if mask is not None:
            similarity = np.where(mask > 0, similarity, -np.inf)
        k = min(k, len(similarity))
        best = np.argpartition(-similarity, k - 1)[:k]
        best = best[np.argsort(-similarity[best], kind="stable")]
        return [(self.node_ids[int(i)], 1.0 - float(similarity[i])) for i in best if similarity[i] > -np.inf]

    def _mask(self, keep: Callable[[dict[str, str | int]], bool] | None, key: Hashable | None) -> np.ndarray | None:
        if keep is None:
            return None

        def compute() -> np.ndarray:
            return np.array([keep(f) for f in self.filterable], dtype=np.float32)

        return compute() if key is None else self._masks.get(key, compute)

    def save(self, folder: Path) -> None:
        """Write to `folder` atomically (a temporary folder renamed into place)."""
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._bm25 is not None:
            self._bm25.save(str(tmp / "bm25"), show_progress=False)
        meta = {
            "fingerprint": self.fingerprint,
            "node_ids": self.node_ids,
            "filterable": self.filterable,
            "compounds": self.analyzer.compounds,
        }
        (tmp / _META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        if self.vectors is not None:
            np.save(tmp / _VECTORS, self.vectors)
        self.statistics.save(tmp)
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def saved_fingerprint(folder: Path) -> str | None:
        """The fingerprint of the index saved in `folder`, without loading it; None if there is none."""
        try:
            meta = json.loads((folder / _META).read_text(encoding="utf-8"))
            complete = (folder / STATISTICS_FILE).is_file() and (folder / _VECTORS).is_file()
            return str(meta["fingerprint"]) if complete else None  # saved before it kept vectors: rebuild
        except (OSError, ValueError, KeyError):
            return None

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        """The cached index, or None when there is none or it cannot be read."""
        try:
            meta = json.loads((folder / _META).read_text(encoding="utf-8"))
            statistics = CorpusStatistics.load(folder)
            bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False) if meta["node_ids"] else None
            vectors = np.load(folder / _VECTORS, mmap_mode="r")  # paged in by the first search
            if len(vectors) != len(meta["node_ids"]):
                raise ValueError("vectors and node ids differ in number")
        except (OSError, ValueError, KeyError) as error:
            log.info("lexical cache in %s not usable (%s); it will be rebuilt", folder, error)
            return None
        return cls(
            meta["node_ids"], meta["filterable"], statistics, meta["compounds"], bm25, meta["fingerprint"], vectors
        )
