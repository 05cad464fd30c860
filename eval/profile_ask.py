"""Where an answer's time goes: pyinstrument over the answering service, in one process.

    .venv/bin/python eval/profile_ask.py                       # corpus/ index, eval questions
    .venv/bin/python eval/profile_ask.py --index /tmp/bench/index-10000 --questions q.json

Answers every question once (caches off, so every answer is computed), prints p50/p95 and
the CPU time per answer beside the CPU time of the same question's query embedding alone (the
floor: issue 15 asks an answer to cost at most 1.3 times it), measured alternately in the same
process, then pyinstrument's call tree (`--no-profile` leaves it out, and its overhead). `BENCH_ARGS="--work DIR --keep" make
bench` leaves the synthetic corpora's indexes and question files in DIR to point it at.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _questions(path: Path) -> list[str]:
    """A JSON list of questions (bench's files) or JSON lines with a "question" (eval's sets)."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        return [str(q) for q in json.loads(text)]
    return [json.loads(line)["question"] for line in text.splitlines() if line.strip()]


def main() -> None:
    from pyinstrument import Profiler

    from assistant.answering.service import build_answering
    from assistant.config import Settings
    from assistant.indexing.errors import IndexMissing
    from assistant.retrieval.search import SearchService

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "questions.jsonl")
    parser.add_argument("--count", type=int, default=200, help="questions to answer at most")
    parser.add_argument("--no-profile", action="store_true", help="CPU figures only, without pyinstrument")
    args = parser.parse_args()

    questions = _questions(args.questions)[: args.count]
    settings = Settings(corpus_dir=ROOT / "corpus", answer_cache_size=0)
    started = time.perf_counter()
    try:
        answering = build_answering(settings, SearchService(settings, args.index))  # as the server runs it
    except IndexMissing as error:
        raise SystemExit(str(error)) from None
    answering.answer(questions[0])
    print(f"open and first answer: {time.perf_counter() - started:.2f} s")
    # The floor: the query embeddings the answer itself asked for (the question as search embeds
    # it, glossary-expanded), each embedded again alone, right after the answer.
    embedding = answering.search.embedding
    embedded: list[str] = []
    original = embedding._get_query_embedding

    def recording(text: str) -> list[float]:
        embedded.append(text)
        return original(text)

    object.__setattr__(embedding, "_get_query_embedding", recording)
    wall: list[float] = []
    cpu: list[float] = []
    embed_cpu: list[float] = []
    profiler = None if args.no_profile else Profiler(interval=0.0005)
    for question in questions:
        embedded.clear()
        if profiler:
            profiler.start()
        t, c = time.perf_counter(), time.process_time()
        answering.answer(question)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        if profiler:
            profiler.stop()
        texts = list(embedded)
        c = time.process_time()
        for text in texts:
            original(text)
        embed_cpu.append((time.process_time() - c) * 1000)
    wall.sort()
    p95 = wall[min(len(wall) - 1, round(0.95 * len(wall)) - 1)]
    answer_cpu, floor = statistics.median(cpu), statistics.median(embed_cpu)
    print(
        f"{len(wall)} answers: p50 {statistics.median(wall):.1f} ms, p95 {p95:.1f} ms; CPU per answer p50 "
        f"{answer_cpu:.1f} ms, its query embeddings alone p50 {floor:.1f} ms (all threads): "
        f"ratio {answer_cpu / floor:.2f}"
    )
    if profiler:
        print(profiler.output_text(unicode=True, color=False))


if __name__ == "__main__":
    main()
