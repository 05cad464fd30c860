"""Topic threads in the synthetic corpus (eval/synth_corpus.py) and the questions made from them
(eval/thread_questions.py): threads run over several meetings in date order, their steps are
written into the documents and read back by the parser, and the questions' gold is in the manifest."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from assistant.documents.parser import parse_file

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))

import synth_corpus  # noqa: E402
import thread_questions  # noqa: E402

STAGE_WORDS = {
    "information": "information",
    "remiss": "på remiss",
    "bordläggning": "bordläggs till nästa sammanträde",
    "återremiss": "återremitteras",
    "överlämnande": "överlämna",
    "beslut": "beslutar",
    "uppföljning": "uppföljning",
    "återrapportering": "återrapport",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, synth_corpus.Manifest]:
    folder = tmp_path_factory.mktemp("threads")
    # 1,000 items: 17 threads, among them bordläggningar, återremisser and matters passed on.
    return folder, synth_corpus.generate(folder, items=1000, seed=4)


def _text(path: Path) -> str:
    if path.suffix == ".docx":
        import docx

        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return path.read_text(encoding="utf-8")


def _steps(
    manifest: synth_corpus.Manifest,
) -> dict[str, list[tuple[synth_corpus.DocumentRecord, synth_corpus.ItemRecord]]]:
    found = defaultdict(list)
    for document in manifest.documents:
        for item in document.items:
            if item.thread:
                found[item.thread].append((document, item))
    return found


def test_threads_run_over_meetings_in_date_order(corpus: tuple[Path, synth_corpus.Manifest]) -> None:
    _, manifest = corpus
    threads = _steps(manifest)
    assert len(threads) >= 5  # about one per 60 items
    for matter, steps in threads.items():
        steps.sort(key=lambda s: s[0].date)
        days = [document.date for document, _ in steps]
        assert 3 <= len(steps) <= 5, matter
        assert days == sorted(set(days)), matter  # different meetings, strictly in date order
        assert all(document.kind == "protocol" for document, _ in steps)
        assert all(item.topic == matter and item.stage in STAGE_WORDS for _, item in steps)
        assert any(item.stage == "beslut" for _, item in steps), matter
    stages = {item.stage for steps in threads.values() for _, item in steps}
    assert {"information", "remiss", "bordläggning", "återremiss", "beslut", "uppföljning"} <= stages
    assert any(len({document.body for document, _ in steps}) == 2 for steps in threads.values())
    # No other item names a thread's matter.
    for document in manifest.documents:
        for item in document.items:
            if item.thread is None:
                assert not any(matter in item.title for matter in threads), item.title


def test_steps_are_written_and_read_back(corpus: tuple[Path, synth_corpus.Manifest]) -> None:
    folder, manifest = corpus
    threads = _steps(manifest)
    by_path: dict[str, list[synth_corpus.ItemRecord]] = defaultdict(list)
    for steps in threads.values():
        for document, item in steps:
            by_path[document.path].append(item)
    texts: dict[tuple[str, str], str] = {}
    for path, items in by_path.items():
        text = " ".join(_text(folder / path).split()).lower()
        parsed = {i.number: i for i in parse_file(folder / path).items}
        for item in items:
            assert item.thread.lower() in text and item.title.lower() in text, path
            assert STAGE_WORDS[item.stage] in text, (path, item.stage)
            got = parsed[item.number]
            assert (got.title, got.decision) == (item.title, item.decision), (path, item.number)
            texts[path, item.number] = " ".join(got.text.split())
    # Later steps recall the earlier handling by its month and year.
    for steps in threads.values():
        steps.sort(key=lambda s: s[0].date)
        for (before, _), (document, item) in zip(steps, steps[1:]):
            day = date.fromisoformat(before.date)
            recalled = f"{synth_corpus.MONTH_NAMES[day.month - 1]} {day.year}"
            assert recalled in texts[document.path, item.number], (document.path, item.number)


def test_old_manifests_load(corpus: tuple[Path, synth_corpus.Manifest], tmp_path: Path) -> None:
    folder, manifest = corpus
    raw = json.loads((folder / synth_corpus.MANIFEST).read_text(encoding="utf-8"))
    for document in raw["documents"]:
        for item in document["items"]:
            del item["thread"], item["stage"]
    (tmp_path / "manifest.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    old = synth_corpus.Manifest.load(tmp_path / "manifest.json")
    assert all(i.thread is None and i.stage is None for d in old.documents for i in d.items)
    assert [i.title for d in old.documents for i in d.items] == [i.title for d in manifest.documents for i in d.items]


def test_questions_have_gold_from_the_manifest(corpus: tuple[Path, synth_corpus.Manifest]) -> None:
    _, manifest = corpus
    questions = thread_questions.thread_questions(manifest, seed=5)
    assert questions == thread_questions.thread_questions(manifest, seed=5)
    days = {
        f"{Path(d.path).stem}--{i.number}": (date.fromisoformat(d.date), i.thread)
        for d in manifest.documents
        for i in d.items
    }
    meetings = defaultdict(set)
    for d in manifest.documents:
        meetings[d.body].add(d.date[:7])
    kinds = {q["type"] for q in questions}
    assert kinds == {"timeline", "latest", "period", "no_protocol"}
    assert len({q["id"] for q in questions}) == len(questions)
    for q in questions:
        assert set(q) == {"id", "question", "type", "gold", "also", "today", "answer"}
        assert all(g in days for g in q["gold"] + q["also"]), q
        gold_days = [days[g][0] for g in q["gold"]]
        assert gold_days == sorted(gold_days), q
        assert all(day < date.fromisoformat(q["today"]) for day in gold_days)
        assert len({days[g][1] for g in q["gold"] + q["also"]}) <= 1, q  # one thread
        if q["type"] == "no_protocol":
            assert q["gold"] == [] and q["also"], q
        else:
            assert q["gold"] and q["answer"], q
        if q["type"] == "latest":
            assert len(q["gold"]) == 1 and all(days[a][0] < gold_days[0] for a in q["also"]), q
        if q["type"] == "timeline" and q["also"]:
            assert all(days[a][0] < gold_days[0] for a in q["also"]), q


def test_relative_periods_follow_swedish_usage() -> None:
    assert thread_questions.last_spring(date(2026, 12, 10)) == 2026  # "i våras" in December: this spring
    assert thread_questions.last_spring(date(2027, 1, 10)) == 2026
    assert thread_questions.last_spring(date(2026, 4, 10)) is None  # in spring one says "i vår"
    assert thread_questions.last_autumn(date(2026, 12, 10)) == 2026
    assert thread_questions.last_autumn(date(2026, 6, 10)) == 2025
    assert thread_questions.last_autumn(date(2026, 10, 10)) is None
    forms = {text for text, *_ in thread_questions.periods_holding(date(2026, 4, 14), date(2026, 12, 10))}
    assert {"i april 2026", "våren 2026", "i våras", "på mötet den 14 april 2026"} <= forms
