"""The shipped ranker: it loads, it scores, and a missing or damaged model file is reported in
Swedish (naming the file and `make train`) while answering falls back to rank fusion."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.retrieval.features import NAMES
from assistant.retrieval.ranker import META_FILE, MODEL_DIR, MODEL_FILE, Ranker, RankerProblem, load_ranker


def test_the_shipped_model_loads_and_scores() -> None:
    ranker = Ranker.load()
    rows = np.zeros((3, len(NAMES)), dtype=np.float32)
    rows[0, NAMES.index("dense")] = 0.9
    rows[0, NAMES.index("cov_all")] = 1.0
    scores = ranker.scores(rows)
    assert scores.shape == (3,)
    assert 0.0 <= ranker.confidence(np.sort(scores)[::-1], rows) <= 1.0
    assert 0.0 < ranker.threshold < 1.0
    assert ranker.meta["trained_on"]["questions"]


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(MODEL_DIR, folder)
    return folder


def test_missing_model_names_the_file_and_how_to_rebuild(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / MODEL_FILE).unlink()
    with pytest.raises(RankerProblem) as problem:
        Ranker.load(folder)
    assert "saknas" in str(problem.value) and MODEL_FILE in str(problem.value) and "make train" in str(problem.value)


def test_damaged_model_falls_back_with_a_swedish_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = _copy(tmp_path)
    (folder / MODEL_FILE).write_text("tree\nnot a model at all\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert load_ranker(folder) is None
    assert "make train" in caplog.text and "rangfusion" in caplog.text


def test_a_model_for_other_features_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    meta = (folder / META_FILE).read_text(encoding="utf-8").replace('"dense"', '"no_such_feature"', 1)
    (folder / META_FILE).write_text(meta, encoding="utf-8")
    with pytest.raises(RankerProblem, match="make train"):
        Ranker.load(folder)
