"""Which of the ranked candidates are about the question's matter itself, for answers across meetings.

A timeline ("vad har hänt med X") cites every meeting that handled X and none that only mentions
it. The ranker orders candidates for one answer; whether the third, fifth or ninth candidate is
*also* about the matter is a different decision, made here by a logistic model over how the
ranker placed it (its score and its gap to the first) and how much of the question it covers.
The model is fitted by `eval/train_topic.py` on timeline questions generated from the synthetic
corpus's topic threads (one half of the threads; the other half is the test split) and shipped
as `ranker_model/topic.json`. Without it, a hand-set rule stands in (documented below).
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.retrieval.features import NAMES
from assistant.retrieval.models import SearchResult

log = logging.getLogger(__name__)

TOPIC_FILE = Path(__file__).parent / "ranker_model" / "topic.json"
CANDIDATES = 15  # how deep in the ranking a timeline looks for more meetings of the matter
_PER_ITEM = ("dense", "dense_gap", "cov_all", "cov_rarest", "cov_title", "cov_decision", "cov_sentence", "bm25")
INPUTS: tuple[str, ...] = ("gap", "score", "rank", *_PER_ITEM)
# Without a fitted model: within this many lambdarank score units of the first and holding half of
# the question's words (the rule of issue 12, set by hand; the fitted model replaces it).
_FALLBACK_GAP = 2.0
_FALLBACK_COVERAGE = 0.5


def inputs(scores: np.ndarray, rows: np.ndarray, i: int) -> dict[str, float]:
    """What the model reads about candidate `i` of a ranked list (best first)."""
    values = {name: float(rows[i][NAMES.index(name)]) for name in _PER_ITEM}
    values["gap"] = float(scores[0] - scores[i])
    values["score"] = float(scores[i])
    values["rank"] = float(i)
    return values


@dataclass(frozen=True)
class TopicModel:
    """P(candidate is about the matter) = sigmoid(intercept + coef · inputs); cited when ≥ threshold."""

    coef: tuple[float, ...]
    intercept: float
    threshold: float
    meta: dict[str, object]
    inputs: tuple[str, ...] = INPUTS  # which of INPUTS the model reads, in the order of `coef`

    def probability(self, values: dict[str, float]) -> float:
        z = self.intercept + sum(c * values[name] for name, c in zip(self.inputs, self.coef))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def save(self, path: Path = TOPIC_FILE) -> None:
        data = {"inputs": list(self.inputs), "coef": list(self.coef), "intercept": self.intercept}
        path.write_text(json.dumps({**data, "threshold": self.threshold, **self.meta}, indent=1), encoding="utf-8")


def load_topic_model(path: Path = TOPIC_FILE) -> TopicModel | None:
    """The shipped model, or None (with a warning naming the file) when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = tuple(str(n) for n in data["inputs"])
        if not set(names) <= set(INPUTS) or len(names) != len(data["coef"]):
            raise ValueError("inputs differ from this version's")
        meta = {k: v for k, v in data.items() if k not in ("inputs", "coef", "intercept", "threshold")}
        coef = tuple(float(c) for c in data["coef"])
        return TopicModel(coef, float(data["intercept"]), float(data["threshold"]), meta, names)
    except (OSError, ValueError, KeyError, TypeError) as problem:
        log.warning(
            "Ämnesmodellen %s kan inte läsas (%s); tidslinjer väljer möten med en fast regel. Bygg den med «make train».",
            path,
            problem,
        )
        return None


def on_topic(
    results: list[SearchResult], scores: np.ndarray, rows: np.ndarray, model: TopicModel | None
) -> list[tuple[SearchResult, float]]:
    """The first candidate, and those after it that are about the same matter, with their probability."""
    if not results:
        return []
    chosen = [(results[0], 1.0)]
    for i in range(1, min(len(results), CANDIDATES)):
        values = inputs(scores, rows, i)
        if model is not None:
            p = model.probability(values)
            if p >= model.threshold:
                chosen.append((results[i], p))
        elif values["gap"] <= _FALLBACK_GAP and values["cov_all"] >= _FALLBACK_COVERAGE:
            chosen.append((results[i], 1.0))
    return chosen
