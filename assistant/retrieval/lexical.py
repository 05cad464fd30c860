"""BM25 over the nodes' text, Swedish-analysed, cached on disk and rebuilt from Chroma.

Chroma holds every node's text, so the lexical index is derived data: it is rebuilt
whenever the set of nodes changes (told by a fingerprint of node ids and document
hashes) and cached in the index folder. Several API processes sharing one Chroma server
each rebuild their own copy, so none can disagree with the store.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from assistant.retrieval.analyzer import CompoundMode, SwedishAnalyzer

log = logging.getLogger(__name__)
_META = "lexical.json"


@dataclass(frozen=True)
class LexicalRecord:
    """One node as BM25 sees it, with the fields filters need."""

    node_id: str
    text: str
    version: str
    filterable: dict[str, str | int]


def fingerprint(records: Sequence[LexicalRecord], compounds: CompoundMode) -> str:
    digest = hashlib.sha256(compounds.encode())
    for record in sorted(records, key=lambda r: r.node_id):
        digest.update(f"{record.node_id}\0{record.version}\n".encode())
    return digest.hexdigest()


class LexicalIndex:
    """BM25 (bm25s) over analysed node texts."""

    def __init__(
        self,
        node_ids: list[str],
        filterable: list[dict[str, str | int]],
        analyzer: SwedishAnalyzer,
        bm25: bm25s.BM25 | None,
        print_: str,
    ) -> None:
        self.node_ids = node_ids
        self.filterable = filterable
        self.analyzer = analyzer
        self._bm25 = bm25
        self.fingerprint = print_

    @classmethod
    def build(cls, records: Sequence[LexicalRecord], compounds: CompoundMode = "split") -> LexicalIndex:
        analyzer = SwedishAnalyzer(SwedishAnalyzer.vocabulary_of(r.text for r in records), compounds)
        bm25 = None
        if records:
            bm25 = bm25s.BM25()
            bm25.index([analyzer.tokens(r.text) or ["\u2205"] for r in records], show_progress=False)
        return cls(
            [r.node_id for r in records],
            [r.filterable for r in records],
            analyzer,
            bm25,
            fingerprint(records, compounds),
        )

    def search(
        self, query: str, k: int, keep: Callable[[dict[str, str | int]], bool] | None = None
    ) -> list[tuple[str, float]]:
        """Node ids with BM25 scores, best first, only nodes `keep` accepts; nothing for a query
        without searchable words."""
        tokens = self.analyzer.tokens(query)
        if not tokens or self._bm25 is None or not self.node_ids:
            return []
        vocabulary = self._bm25.vocab_dict
        tokens = [t for t in tokens if t in vocabulary]
        if not tokens:
            return []
        mask = None
        if keep is not None:
            mask = np.array([keep(f) for f in self.filterable], dtype=np.float32)
            if not mask.any():
                return []
        k = min(k, len(self.node_ids))
        docs, scores = self._bm25.retrieve([tokens], k=k, show_progress=False, n_threads=1, weight_mask=mask)
        return [(self.node_ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

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
            "vocabulary": sorted(self.analyzer.vocabulary),
            "compounds": self.analyzer.compounds,
        }
        (tmp / _META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        """The cached index, or None when there is none or it cannot be read."""
        try:
            meta = json.loads((folder / _META).read_text(encoding="utf-8"))
            bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False) if meta["node_ids"] else None
        except (OSError, ValueError, KeyError) as error:
            log.info("lexical cache in %s not usable (%s); it will be rebuilt", folder, error)
            return None
        analyzer = SwedishAnalyzer(meta["vocabulary"], meta["compounds"])
        return cls(meta["node_ids"], meta["filterable"], analyzer, bm25, meta["fingerprint"])
