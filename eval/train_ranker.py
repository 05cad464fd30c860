"""Train the ranker and its calibrated abstention: `make train`.

    .venv/bin/python eval/train_ranker.py [--questions 3000] [--seed 11 --items 4000]

Training data: an index of a generated corpus (eval/synth_corpus.py, seed 11, its own seed, not
the evaluation corpus's) plus `corpus/`, with real embeddings (eval/scale_index.py, cached);
questions generated from its manifest in every intent and many wordings (eval/synth_questions.py);
and the train split of `eval/questions.jsonl` (ids hashed: about 60 %). The dev split (a fifth of
the generated questions, by document, and the rest of `eval/questions.jsonl`) chooses the number
of trees, fits the calibration and chooses the abstention threshold. No held-out set is read.

Writes `assistant/retrieval/ranker_model/ranker.txt` (LightGBM) and `ranker.json` (features,
calibration, threshold, what it was trained on). To retrain on your own documents, put them in a
folder with a question set in the same JSONL form and pass `--corpus DIR --questions-file FILE`.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import lightgbm  # noqa: E402
import ranking_data  # noqa: E402
import scale_index  # noqa: E402
import synth_corpus  # noqa: E402
import synth_questions  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from assistant.retrieval import ranker as ranker_module  # noqa: E402
from assistant.retrieval.features import CATEGORICAL, GROUPS, MONOTONE, NAMES  # noqa: E402
from assistant.retrieval.ranker import calibration_inputs  # noqa: E402

QUESTIONS = ROOT / "eval" / "questions.jsonl"
CACHE = ROOT / "eval" / ".cache"
DATA = CACHE / "ranker-data.pkl"  # the last training run's feature rows (for ablations and --reuse)
# What a wrong citation costs against a right one (an abstention costs nothing): the threshold
# maximises right - WRONG_COST x wrong on the dev split. With 0.95 precision as the rule instead,
# the dev split's hand-written questions were answered only 28 % of the time (measured on the
# first model: eval/RESULTS.md, "Ranking and citations").
WRONG_COST = 2.0
HANDWRITTEN_WEIGHT = 5  # copies of each hand-written question in training and calibration
# The calibration reads the first item's score and margin and these of its features. Whether the
# asked amount is there is left to the rule that abstains without it: as an input it only learned
# that generated amount questions are hard (a negative weight on having the amount).
CALIBRATION_INPUTS = (
    "score",
    "margin",
    "top_dense",
    "top_dense_gap",
    "top_cov_all",
    "top_cov_rarest",
    "top_cov_sentence",
    "top_cov_title",
    "top_bm25",
    "body_mismatch",
    "period_mismatch",
)
PARAMS = {
    "objective": "lambdarank",
    "metric": "ndcg",
    "eval_at": [1, 5],
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 40,
    "lambda_l2": 1.0,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.9,
    "bagging_freq": 1,
    "lambdarank_truncation_level": 20,
    "verbose": -1,
    "num_threads": 2,
    "seed": 1,
    "deterministic": True,
}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def examples(
    session: ranking_data.Session, corpus: Path, count: int, seed: int, questions: Path = QUESTIONS
) -> list[ranking_data.Example]:
    """Generated questions (split by the document they were made from) and the hand-written train/dev split."""
    manifest = synth_corpus.Manifest.load(corpus / synth_corpus.MANIFEST)
    maker = synth_questions.QuestionMaker(manifest, corpus, session.search.glossary, seed)
    out: list[ranking_data.Example] = []
    started = time.perf_counter()
    for n, made in enumerate(maker.questions(count)):
        example = session.example(made.question, made.gold, made.today, made.intent, made.tags)
        example.split = ranking_data.split_of(made.origin, 0.2)
        out.append(example)
        if n % 250 == 0:
            say(f"  {n}/{count} frågor ({time.perf_counter() - started:.0f} s)")
    for row in ranking_data.load_handwritten(questions):
        gold = {str(g): 2 for g in row["gold"]}  # type: ignore[union-attr]
        example = session.example(str(row["question"]), gold, date.today(), str(row["type"]), ["handwritten"])
        example.split = ranking_data.split_of(str(row["id"]), 0.4)
        out.append(example)
    return out


def weighted(items: Sequence[ranking_data.Example]) -> list[ranking_data.Example]:
    """The examples with each hand-written question repeated HANDWRITTEN_WEIGHT times: they are
    few, but they are how people really ask."""
    return [e for e in items for _ in range(HANDWRITTEN_WEIGHT if "handwritten" in e.tags else 1)]


def _matrix(items: Sequence[ranking_data.Example], columns: Sequence[int]) -> tuple[np.ndarray, np.ndarray, list[int]]:
    kept = [e for e in items if len(e.ids)]
    X = np.vstack([e.rows[:, columns] for e in kept])
    y = np.concatenate([e.grades for e in kept])
    return X, y, [len(e.ids) for e in kept]


def train(
    train_set: Sequence[ranking_data.Example], dev_set: Sequence[ranking_data.Example], names: Sequence[str]
) -> lightgbm.Booster:
    columns = [NAMES.index(n) for n in names]
    X, y, groups = _matrix(train_set, columns)
    Xd, yd, groups_d = _matrix(dev_set, columns)
    categorical = [i for i, n in enumerate(names) if n in CATEGORICAL]
    params = {**PARAMS, "monotone_constraints": [MONOTONE.get(n, 0) for n in names]}
    data = lightgbm.Dataset(X, y, group=groups, feature_name=list(names), categorical_feature=categorical)
    dev = lightgbm.Dataset(Xd, yd, group=groups_d, reference=data, categorical_feature=categorical)
    return lightgbm.train(
        params,
        data,
        num_boost_round=600,
        valid_sets=[dev],
        callbacks=[lightgbm.early_stopping(40, verbose=False)],
    )


def ranked(booster: lightgbm.Booster, example: ranking_data.Example, names: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores, rows and grades of an example's candidates, best first."""
    columns = [NAMES.index(n) for n in names]
    if not len(example.ids):
        return np.zeros(0), example.rows, example.grades
    scores = booster.predict(example.rows[:, columns], num_threads=1)
    order = np.argsort(-scores, kind="stable")
    return scores[order], example.rows[order], example.grades[order]


def calibration_table(
    booster: lightgbm.Booster, items: Sequence[ranking_data.Example], names: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """For each question: the calibration inputs and whether its first item answers it."""
    X, y = [], []
    for example in items:
        scores, rows, grades = ranked(booster, example, names)
        if not len(scores):
            X.append([0.0] * len(CALIBRATION_INPUTS))
            y.append(0)
            continue
        values = calibration_inputs(scores, rows)
        X.append([values[n] for n in CALIBRATION_INPUTS])
        y.append(int(grades[0] > 0))
    return np.asarray(X), np.asarray(y)


def threshold_for(probabilities: np.ndarray, correct: np.ndarray, weights: np.ndarray) -> float:
    """The threshold with the most value on dev: each answered question whose first item is right
    gains 1, each wrong one (a wrong item, or any item for a question no item answers) loses
    WRONG_COST, each abstention is 0. "A wrong citation is worse than no answer", in numbers."""
    best, best_value = 1.0, 0.0
    for t in sorted(set(np.round(probabilities, 4)), reverse=True):
        answered = probabilities >= t
        value = float(np.sum(weights[answered] * np.where(correct[answered] > 0, 1.0, -WRONG_COST)))
        if value > best_value:
            best, best_value = float(t), value
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=11, help="the training corpus's generator seed")
    parser.add_argument("--items", type=int, default=4000)
    parser.add_argument("--questions", type=int, default=3000)
    parser.add_argument("--out", type=Path, default=ranker_module.MODEL_DIR)
    parser.add_argument("--reuse", action="store_true", help="train on the feature rows of the last run")
    parser.add_argument("--corpus", type=Path, default=scale_index.CORPUS, help="your documents (joined to the generated ones)")
    parser.add_argument("--questions-file", type=Path, default=QUESTIONS, help="your questions about them (JSONL)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.reuse and DATA.exists():
        data = pickle.loads(DATA.read_bytes())
    else:
        say(f"Bygger/läser träningsindex (seed {args.seed}, {args.items} ärenden + corpus/) …")
        work = scale_index.build(args.seed, args.items, scale_index.extra_documents([args.corpus]))
        session = ranking_data.Session(work / "corpus", work / "index")
        say("Gör frågor och särdrag …")
        data = examples(session, work / "corpus", args.questions, args.seed, args.questions_file)
        for example in data:
            example.understood = None  # not needed to train; keeps the file small
        DATA.write_bytes(pickle.dumps(data))
    train_set = [e for e in data if e.split == "train"]
    dev_set = [e for e in data if e.split == "dev"]
    say(f"  träning {len(train_set)}, dev {len(dev_set)} frågor")
    names = list(NAMES)
    booster = train(weighted(train_set), weighted(dev_set), names)
    say(f"  {booster.best_iteration} träd")

    # The calibration is fitted on half of the generated dev questions and the hand-written dev
    # questions; the threshold is chosen on the other half together with the hand-written ones, these
    # weighted to as much as the generated ones: they are few, but they are how people really ask.
    generated = [e for e in dev_set if "handwritten" not in e.tags]
    real = [e for e in dev_set if "handwritten" in e.tags]
    half_a = [e for e in generated if ranking_data.split_of(e.question, 0.5) == "dev"]
    half_b = [e for e in generated if ranking_data.split_of(e.question, 0.5) == "train"]
    Xa, ya = calibration_table(booster, half_a, names)
    Xb, yb = calibration_table(booster, half_b, names)
    Xr, yr = calibration_table(booster, real, names)
    # The hand-written dev questions join the fit too, weighted as much as the generated half: the
    # generated questions alone teach it confidences that real questions never reach.
    fit_weights = np.concatenate([np.ones(len(ya)), np.full(len(yr), len(ya) / max(1, len(yr)))])
    logistic = LogisticRegression(C=1.0, max_iter=5000).fit(np.vstack([Xa, Xr]), np.concatenate([ya, yr]), fit_weights)
    pb, pr = logistic.predict_proba(Xb)[:, 1], logistic.predict_proba(Xr)[:, 1]
    weights = np.concatenate([np.ones(len(pb)), np.full(len(pr), len(pb) / max(1, len(pr)))])
    threshold = threshold_for(np.concatenate([pb, pr]), np.concatenate([yb, yr]), weights)
    for name, p, y in (("genererade", pb, yb), ("handskrivna", pr, yr)):
        answered = p >= threshold
        say(
            f"  kalibrering, {name} dev: tröskel {threshold:.3f}; besvarade {answered.mean():.2f}, "
            f"av dem rätt {y[answered].mean() if answered.any() else 0:.3f}"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    booster.save_model(str(args.out / ranker_module.MODEL_FILE), num_iteration=booster.best_iteration)
    meta = {
        "format": ranker_module.FORMAT,
        "features": names,
        "groups": {n: GROUPS[n] for n in names},
        "trees": booster.best_iteration,
        "params": PARAMS,
        "monotone": {n: MONOTONE[n] for n in names if n in MONOTONE},
        "calibration": {
            "inputs": list(CALIBRATION_INPUTS),
            "coef": [float(c) for c in logistic.coef_[0]],
            "intercept": float(logistic.intercept_[0]),
            "threshold": threshold,
            "wrong_cost": WRONG_COST,
            "chosen_on": "generated dev (half) + hand-written dev split of eval/questions.jsonl, equal weight",
        },
        "trained_on": {
            "corpus": f"eval/synth_corpus.py seed {args.seed}, {args.items} items, plus corpus/",
            "questions": f"{args.questions} generated (eval/synth_questions.py seed {args.seed}) + train split of eval/questions.jsonl",
            "train_questions": len(train_set),
            "dev_questions": len(dev_set),
            "trained": datetime.now().isoformat(timespec="seconds"),
        },
    }
    (args.out / ranker_module.META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    say(f"Klart på {time.perf_counter() - started:.0f} s: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
