"""The synthetic corpus (eval/synth_corpus.py) is read back by the parser exactly as it was written.

The benchmark (eval/bench.py) measures scale on this corpus, so its documents must be ones
the parser handles: every item, number, decision, date, body and assignee in the manifest
must come back from parse_folder, in every layout the generator writes.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from assistant.documents.parser import parse_folder

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))

import synth_corpus  # noqa: E402

ITEMS = 200


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, synth_corpus.Manifest]:
    folder = tmp_path_factory.mktemp("synth")
    # Agreements every 4th document, so that 200 items include a few of them.
    return folder, synth_corpus.generate(folder, items=ITEMS, seed=11, agreements_every=4)


def test_exact_item_count_and_variety(corpus: tuple[Path, synth_corpus.Manifest]) -> None:
    _, manifest = corpus
    assert sum(len(d.items) for d in manifest.documents) == ITEMS
    kinds = Counter(d.kind for d in manifest.documents)
    assert kinds["agreement"] >= 2 and kinds["protocol"] >= 6
    assert {d.format for d in manifest.documents} >= {"txt", "md", "docx"}
    assert len({d.body for d in manifest.documents if d.kind == "protocol"}) >= 5
    assert len({d.date[:4] for d in manifest.documents}) >= 5


def test_parser_reads_back_the_manifest(corpus: tuple[Path, synth_corpus.Manifest]) -> None:
    folder, manifest = corpus
    result = parse_folder(folder)
    assert result.failures == []
    parsed = {Path(d.source).name: d for d in result.documents}
    assert sorted(parsed) == sorted(d.path for d in manifest.documents)
    topical = [i.text for d in result.documents if d.kind == "protocol" for i in d.items if len(i.text) > 200]
    assert len(topical) > ITEMS / 2
    assert len(set(topical)) == len(topical)  # built from vocabulary pools, never copies
    for expected in manifest.documents:
        document = parsed[expected.path]
        where = f"{expected.path} ({expected.layout})"
        assert (document.kind, document.date, document.body) == (expected.kind, expected.date, expected.body), where
        assert [i.number for i in document.numbered_items()] == [i.number for i in expected.items], where
        for item, want in zip(document.numbered_items(), expected.items):
            assert (item.title, item.decision) == (want.title, want.decision), f"{where} § {want.number}"
            assignees = {a.assignee.lower() for a in item.assignments if a.assignee}
            assert {a.lower() for a in want.assignees} <= assignees, f"{where} § {want.number}"
        if expected.kind == "protocol":
            assert document.attendance is not None
            assert document.attendance.chair == expected.chair, where
            assert document.attendance.adjusters == expected.adjusters, where
            assert document.attendance.secretary == expected.secretary, where


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = synth_corpus.generate(tmp_path / "a", items=60, seed=3)
    second = synth_corpus.generate(tmp_path / "b", items=60, seed=3)
    other = synth_corpus.generate(tmp_path / "c", items=60, seed=4)
    assert first == second
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert other != first


def test_manifest_round_trips(corpus: tuple[Path, synth_corpus.Manifest]) -> None:
    folder, manifest = corpus
    assert synth_corpus.Manifest.load(folder / synth_corpus.MANIFEST) == manifest


def test_command_line(tmp_path: Path) -> None:
    assert synth_corpus.main([str(tmp_path), "--items", "30", "--seed", "2"]) == 0
    manifest = synth_corpus.Manifest.load(tmp_path / synth_corpus.MANIFEST)
    assert sum(len(d.items) for d in manifest.documents) == 30
