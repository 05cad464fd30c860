"""What the answering service needs to know about the whole corpus, computed once per index.

Deciding whether the documents cover a question weighs its words by rarity (how many nodes
use each stem), asks whether a word occurs in the corpus at all, which bodies the index
holds meetings of, and on which dates. Counting that over every node's text takes minutes
at a hundred thousand items, so it is done where the lexical index is built (at ingest, or
when a server finds the lexical index missing), saved beside it, and loaded with it.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.documents.models import MEETING_KINDS
from assistant.retrieval.analyzer import SwedishAnalyzer

if TYPE_CHECKING:
    from assistant.retrieval.lexical import LexicalRecord

STATISTICS_FILE = "statistics.json"
_SPELLING_CUTOFF = 0.8


@dataclass
class CorpusStatistics:
    """Stem frequencies, vocabulary, bodies and meeting dates of the visible nodes."""

    nodes: int = 0
    document_frequency: dict[str, int] = field(default_factory=dict)  # stem -> nodes using it
    vocabulary: list[str] = field(default_factory=list)  # words that may start a compound, sorted
    bodies: list[str] = field(default_factory=list)
    meeting_dates: list[int] = field(default_factory=list)  # YYYYMMDD
    meetings: list[tuple[str, int]] = field(default_factory=list)  # (body, YYYYMMDD or 0 if undated) per protocol

    def __post_init__(self) -> None:
        self.stems = SwedishAnalyzer(self.vocabulary, compounds="split")
        self._by_initial: dict[str, list[str]] = {}
        for word in self.vocabulary:
            self._by_initial.setdefault(word[0], []).append(word)

    @classmethod
    def build(cls, records: Sequence[LexicalRecord]) -> CorpusStatistics:
        vocabulary = SwedishAnalyzer.vocabulary_of(r.text for r in records)
        stems = SwedishAnalyzer(vocabulary, compounds="split")
        frequency: Counter[str] = Counter()
        for record in records:
            frequency.update(set(stems.tokens(record.text)))
        bodies = {str(r.filterable["body"]) for r in records if r.filterable.get("body")}
        dates = {n for r in records if isinstance(n := r.filterable.get("date_num"), int) and n > 0}
        meetings = {
            (str(r.filterable["body"]), n)
            for r in records
            if r.filterable.get("body")
            and r.filterable.get("doc_kind", "protocol") in MEETING_KINDS
            and isinstance(n := r.filterable.get("date_num", 0), int)
        }
        return cls(len(records), dict(frequency), sorted(vocabulary), sorted(bodies), sorted(dates), sorted(meetings))

    def near_spelling(self, word: str) -> bool:
        """Whether the corpus uses a word spelled almost like `word` (a typo of it). Only words with
        the same first letter are compared: at 100k items the vocabulary is too long to compare
        each rare question word with all of it, and a typo seldom hits the first letter."""
        candidates = self._by_initial.get(word[:1], [])
        return bool(difflib.get_close_matches(word, candidates, n=1, cutoff=_SPELLING_CUTOFF))

    def save(self, folder: Path) -> None:
        data = {
            "nodes": self.nodes,
            "document_frequency": self.document_frequency,
            "vocabulary": self.vocabulary,
            "bodies": self.bodies,
            "meeting_dates": self.meeting_dates,
            "meetings": self.meetings,
        }
        (folder / STATISTICS_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> CorpusStatistics:
        """The saved statistics; OSError, ValueError or KeyError when they cannot be read."""
        data = json.loads((folder / STATISTICS_FILE).read_text(encoding="utf-8"))
        return cls(
            int(data["nodes"]),
            {str(k): int(v) for k, v in data["document_frequency"].items()},
            [str(w) for w in data["vocabulary"]],
            [str(b) for b in data["bodies"]],
            [int(d) for d in data["meeting_dates"]],
            [(str(b), int(d)) for b, d in data["meetings"]],  # absent before: the lexical cache is then rebuilt
        )
