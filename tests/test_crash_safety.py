"""An ingest killed with SIGKILL at any point leaves the previous index whole and queryable.

Each test runs the real `assistant ingest` in a subprocess over a real Chroma index and kills
it: at named failpoints (assistant/indexing/failpoints.py: the process SIGKILLs itself
between journalling, storing, committing and rebuilding BM25), and from outside at moments
spread over an ingest of many documents. Afterwards, in a fresh process: every visible node
belongs to its document's committed version, search answers with the old or the new text
of a document (never a mix), and the next ingest finishes the work with no orphan left.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.indexing.ingest import LEXICAL_DIR, IngestService
from assistant.indexing.store import IndexStore, logical_id
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.search import SearchService

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data"
DOC = "socialnamnden-2025-03-12"
OLD_DECISION = "Delegationsbesluten återrapporteras"
NEW_MARK = "Kraschprovets nya beslutstext"


def _settings(corpus: Path) -> Settings:
    return Settings(corpus_dir=corpus)


def _ingest_process(corpus: Path, index: Path, failpoint: str | None = None) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.pop("ASSISTANT_FAILPOINT", None)
    if failpoint:
        env["ASSISTANT_FAILPOINT"] = failpoint
    command = [sys.executable, "-c", "from assistant.cli import main; main()", "ingest", str(corpus), "--index", str(index)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _check_consistent(corpus: Path, index: Path) -> dict[str, str]:
    """Every visible node matches its document's committed version; returns doc -> version."""
    store = IndexStore.open(_settings(corpus), index, create=False)
    registry = {d.doc_id: d for d in store.indexed_documents().values()}
    records = store.lexical_records()
    by_doc: dict[str, set[str]] = {}
    for record in records:
        doc = str(record.filterable["doc_id"])
        assert doc in registry, f"a node of an unregistered document is visible: {record.node_id}"
        assert record.version == registry[doc].version, f"a node of another version is visible: {record.node_id}"
        by_doc.setdefault(doc, set()).add(record.node_id)
    for doc, known in registry.items():
        assert len(by_doc.get(doc, ())) == known.nodes, f"{doc}: {len(by_doc.get(doc, ()))} of {known.nodes} nodes"
    return {doc: known.version for doc, known in registry.items()}


def _check_no_orphans(corpus: Path, index: Path) -> bool:
    store = IndexStore.open(_settings(corpus), index, create=False)
    registry = store.indexed_documents()
    assert store.count() == sum(d.nodes for d in registry.values()), "orphaned vectors left in Chroma"
    assert not store.pending()
    lexical = LexicalIndex.load(index / LEXICAL_DIR)
    assert lexical is not None
    assert sorted(lexical.node_ids) == sorted(r.node_id for r in store.lexical_records()), "BM25 rows differ"
    raw = store.items.get(include=[])["ids"]
    assert all(logical_id(i) != i for i in raw), "every node is stored under a versioned id"
    return True


def _fresh(check: str, corpus: Path, index: Path) -> str:
    """Run one of this module's checks in a new process: a reader that starts after the crash.

    Embedded Chroma keeps its vector index in the memory of each process, so a reader in this
    process would not see what the ingest subprocesses wrote (a server should use a Chroma
    server when other processes write, see README); a fresh process reads what is on disk.
    """
    code = f"import json, sys; from pathlib import Path; from tests.test_crash_safety import {check} as c; " \
        "print(json.dumps(c(Path(sys.argv[1]), Path(sys.argv[2]))))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(corpus), str(index)], capture_output=True, text=True, timeout=300,
        cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return str(json.loads(done.stdout.strip().splitlines()[-1]))


def _decision_text(corpus: Path, index: Path) -> str:
    """The text of the item a search for it finds (a fresh reader, as a server after the crash)."""
    search = SearchService(_settings(corpus), index)
    hits = search.search("Socialnämnden delegationsordning revidering tillfälliga boendeinsatser", top_k=10)
    assert f"{DOC}--48" in [h.id for h in hits]
    item = search.item(f"{DOC}--48")
    assert item is not None
    return item.text


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus of three protocols and its index, built once; tests work on copies."""
    root = tmp_path_factory.mktemp("crash-base")
    corpus, index = root / "corpus", root / "index"
    corpus.mkdir()
    for name in (f"{DOC}.txt", "kommunstyrelsen-2025-04-07.txt", "halso-och-sjukvardsnamnden-2025-03-11.txt"):
        shutil.copy(DATA / name, corpus / name)
    # In a subprocess, so that Chroma has flushed everything to disk when the tests copy the folder.
    assert _ingest_process(corpus, index).wait(timeout=300) == 0
    return corpus, index


@pytest.fixture()
def changed(base: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy where one document changed, one was deleted and one was added since the index was built."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(base[0], corpus)
    shutil.copytree(base[1], index)
    assert OLD_DECISION in _fresh("_decision_text", corpus, index)
    path = corpus / f"{DOC}.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(OLD_DECISION, NEW_MARK), encoding="utf-8")
    (corpus / "halso-och-sjukvardsnamnden-2025-03-11.txt").unlink()  # recorded under the base's folder: kept
    shutil.copy(DATA / "samordningsforbundet-styrelse-2025-03-12.txt", corpus)
    return corpus, index


@pytest.mark.parametrize("point", ["after-begin", "after-add", "after-commit", "before-lexical"])
def test_killed_at_a_failpoint(changed: tuple[Path, Path], point: str) -> None:
    corpus, index = changed
    process = _ingest_process(corpus, index, point)
    assert process.wait(timeout=300) == -signal.SIGKILL, process.stderr.read().decode() if process.stderr else ""

    _fresh("_check_consistent", corpus, index)
    text = _fresh("_decision_text", corpus, index)
    assert (OLD_DECISION in text) != (NEW_MARK in text)  # the old version or the new, never both or neither
    if point == "before-lexical":
        assert NEW_MARK in text  # every document committed; only BM25 was left to rebuild
    # ("after-*" points fire at the first document written, which may be another one.)

    finished = _ingest_process(corpus, index)
    assert finished.wait(timeout=300) == 0, finished.stderr.read().decode() if finished.stderr else ""
    _fresh("_check_consistent", corpus, index)
    _fresh("_check_no_orphans", corpus, index)
    assert NEW_MARK in _fresh("_decision_text", corpus, index)
    store = IndexStore.open(_settings(corpus), index, create=False)  # registry reads go to SQLite: fresh
    assert {DOC, "kommunstyrelsen-2025-04-07", "samordningsforbundet-styrelse-2025-03-12"} <= set(
        store.indexed_documents()
    )


def test_killed_from_outside_at_several_moments(changed: tuple[Path, Path]) -> None:
    """SIGKILL from another process at moments spread over a run that writes many documents."""
    corpus, index = changed
    for n in range(6):  # more documents, so the kills land inside the writing, not only at start-up
        shutil.copy(DATA / "kommunstyrelsen-2025-04-07.txt", corpus / f"kopia-{n:02d}.txt")
    probe = time.monotonic()
    run = _ingest_process(corpus, index)
    assert run.wait(timeout=600) == 0
    full = time.monotonic() - probe
    # Start again from the base state and kill at fractions of the measured duration.
    for fraction in (0.4, 0.8):
        for copy in corpus.glob("kopia-*.txt"):  # changed, so the next run has documents to write again
            copy.write_text(copy.read_text(encoding="utf-8") + f"\n{fraction}\n", encoding="utf-8")
        process = _ingest_process(corpus, index)
        time.sleep(full * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        _fresh("_check_consistent", corpus, index)
        text = _fresh("_decision_text", corpus, index)
        assert (OLD_DECISION in text) != (NEW_MARK in text)
    finished = _ingest_process(corpus, index)
    assert finished.wait(timeout=600) == 0
    _fresh("_check_consistent", corpus, index)
    _fresh("_check_no_orphans", corpus, index)


def test_two_ingests_are_serialised(changed: tuple[Path, Path]) -> None:
    """A second writer waits for the first (here: refused after a short wait, in Swedish)."""
    from assistant.indexing.lock import IndexBusy, folder_lock

    corpus, index = changed
    with folder_lock(index):
        with pytest.raises(IndexBusy, match="uppdateras redan"):
            IngestService(Settings(corpus_dir=corpus, write_lock_timeout_s=0.3), index).ingest([corpus])
    report = IngestService(_settings(corpus), index).ingest([corpus])  # the lock is free again
    assert DOC in report.updated
