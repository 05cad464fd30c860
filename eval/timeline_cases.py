"""Questions across meetings for training and evaluating timelines: the topic threads of the synthetic
corpus at scale (eval/thread_questions.py), split by thread into a dev half (training and choosing the
on-topic model's threshold) and a test half (reported), and the held-out set eval/heldout14."""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth_corpus  # noqa: E402
import thread_questions  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HELDOUT14 = ROOT / "eval" / "heldout14" / "questions.jsonl"
TYPES = ("timeline", "latest", "period", "no_protocol")


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    type: str  # timeline | latest | period | no_protocol
    gold: tuple[str, ...]  # items, oldest first (latest: the newest only)
    also: tuple[str, ...]
    today: date
    thread: str  # the thread (or "" for hand-written questions)


def split_of(thread: str) -> str:
    """ "dev" for half of the threads, "test" for the other half, stable across runs."""
    return "dev" if int(hashlib.sha1(thread.encode()).hexdigest()[:8], 16) % 2 == 0 else "test"


def thread_cases(corpus: Path, seed: int) -> list[Case]:
    """The generated questions about the corpus's threads (its manifest records them)."""
    manifest = synth_corpus.Manifest.load(corpus / synth_corpus.MANIFEST)
    thread_of = {
        f"{Path(d.path).stem}--{i.number}": i.thread for d in manifest.documents for i in d.items if i.thread
    }
    cases = []
    for q in thread_questions.thread_questions(manifest, seed):
        items = [*q["gold"], *q.get("also", [])]
        thread = next((thread_of[i] for i in items if i in thread_of), q["id"])
        cases.append(
            Case(q["id"], q["question"], q["type"], tuple(q["gold"]), tuple(q.get("also", [])),
                 date.fromisoformat(q["today"]), thread)  # fmt: skip
        )
    return cases


def heldout_cases(path: Path = HELDOUT14) -> list[Case]:
    """The hand-written held-out set over the four documents (never tuned on)."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            q = json.loads(line)
            cases.append(Case(q["id"], q["question"], q["type"], tuple(q["gold"]), tuple(q.get("also", [])),
                              date.fromisoformat(q["today"]), ""))  # fmt: skip
    return cases
