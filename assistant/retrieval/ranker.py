"""The learned ranker over candidate items, and the calibrated chance that its first item answers.

The model (LightGBM lambdarank, `ranker_model/ranker.txt`) and its calibration
(`ranker_model/ranker.json`: a logistic model over the first item's score, its margin to the
second and a few of its features, plus the threshold chosen on the dev split) ship inside
the package and are made by `make train` (eval/train_ranker.py), which says what they were
trained on. A missing or damaged model file is reported in Swedish, naming the file and how
to rebuild it, and search falls back to rank fusion (`Ranker.load` returns None).
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.retrieval.features import NAMES

log = logging.getLogger(__name__)
MODEL_DIR = Path(__file__).with_name("ranker_model")
MODEL_FILE = "ranker.txt"
META_FILE = "ranker.json"
FORMAT = 1


class RankerProblem(RuntimeError):
    """A ranker model that cannot be used; `str()` is a Swedish explanation naming the file."""


@dataclass(frozen=True)
class Calibration:
    """P(first item answers) = sigmoid(intercept + coef · inputs), inputs named in `inputs`."""

    inputs: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float  # answer when the probability is at least this (chosen on the dev split)

    def probability(self, values: dict[str, float]) -> float:
        z = self.intercept + sum(c * values[name] for name, c in zip(self.inputs, self.coef))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def calibration_inputs(scores: np.ndarray, rows: np.ndarray, block: int = 1) -> dict[str, float]:
    """What the calibration reads about a ranked list (best first): the first item's score, its
    margin to the next, the first item's own features and whether it breaks a named constraint.

    `block`: how many leading items answer together (the meetings of one matter, for a timeline);
    the margin is then to the first item after them, as several right answers score alike."""
    first = rows[0]
    values = {f"top_{name}": float(first[i]) for i, name in enumerate(NAMES)}
    values["score"] = float(scores[0])
    # A constraint the question names and the first item breaks (another body, another period); a
    # question that names none is not less answerable for it.
    values["body_mismatch"] = float(values["top_body_named"] == 1.0 and values["top_body_match"] == 0.0)
    values["period_mismatch"] = float(values["top_period_named"] == 1.0 and values["top_period_match"] == 0.0)
    values["margin"] = float(scores[0] - scores[block]) if len(scores) > block else 5.0
    return values


class Ranker:
    """Scores candidate items (rows of features.NAMES) and says how likely the best one answers."""

    def __init__(self, booster: Any, calibration: Calibration, meta: dict[str, Any]) -> None:
        self.booster = booster
        self.calibration = calibration
        self.meta = meta
        self.columns = [NAMES.index(n) for n in meta["features"]]

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> Ranker:
        """The shipped model; RankerProblem (in Swedish) when it is missing, damaged or stale."""
        model, meta_path = folder / MODEL_FILE, folder / META_FILE
        for path in (model, meta_path):
            if not path.is_file():
                raise RankerProblem(f"Rankningsmodellen saknas ({path}). Bygg den med «make train».")
        try:
            import lightgbm

            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT or any(n not in NAMES for n in meta["features"]):
                raise RankerProblem(
                    f"Rankningsmodellen {meta_path} är gjord för en annan version av programmet. "
                    "Bygg om den med «make train»."
                )
            booster = lightgbm.Booster(model_file=str(model))
            c = meta["calibration"]
            calibration = Calibration(tuple(c["inputs"]), tuple(c["coef"]), float(c["intercept"]), float(c["threshold"]))
        except RankerProblem:
            raise
        except Exception as error:  # noqa: BLE001 - lightgbm raises its own and plain exceptions for bad files
            raise RankerProblem(
                f"Rankningsmodellen {model} kan inte läsas ({type(error).__name__}). Bygg om den med «make train»."
            ) from error
        if booster.num_feature() != len(meta["features"]):
            raise RankerProblem(f"Rankningsmodellen {model} passar inte sin beskrivning. Bygg om den med «make train».")
        return cls(booster, calibration, meta)

    def scores(self, rows: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return np.zeros(0)
        return np.asarray(self.booster.predict(rows[:, self.columns], num_threads=1), dtype=np.float64)

    def confidence(self, scores: np.ndarray, rows: np.ndarray, block: int = 1) -> float:
        """P(the best-scored item answers the question); `scores` and `rows` best first; `block` as in
        `calibration_inputs`."""
        if len(scores) == 0:
            return 0.0
        return self.calibration.probability(calibration_inputs(scores, rows, block))

    @property
    def threshold(self) -> float:
        return self.calibration.threshold


def load_ranker(folder: Path = MODEL_DIR) -> Ranker | None:
    """The ranker, or None (rank fusion) with a Swedish warning in the log when it cannot be used."""
    try:
        return Ranker.load(folder)
    except RankerProblem as problem:
        log.warning("%s Sökningen använder rangfusion (RRF) tills vidare.", problem)
        return None
