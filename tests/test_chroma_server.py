"""Chroma as a server (`ASSISTANT_CHROMA_URL`): a real `chroma run` on 127.0.0.1, started by the test."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from assistant.indexing.ingest import IngestService
from assistant.indexing.store import IndexStore
from assistant.retrieval.search import SearchService

CHROMA = Path(sys.executable).with_name("chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMA.exists():
        pytest.fail(f"chroma CLI missing at {CHROMA}: the chromadb package installs it")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("chroma run did not start within 30 s")
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_ingest_and_search_through_a_chroma_server(tmp_path: Path, corpus_copy: Path, chroma_url: str) -> None:
    settings = Settings(corpus_dir=corpus_copy, chroma_url=chroma_url)
    report = IngestService(settings, tmp_path / "local-a").ingest([corpus_copy])
    assert len(report.added) == 2
    # The vectors live in the server: nothing but the lexical cache is written locally.
    assert not (tmp_path / "local-a" / "chroma").exists()

    # A second process-like service with an empty local folder finds the same items: the
    # lexical index is rebuilt from what the server holds.
    other = SearchService(settings, tmp_path / "local-b")
    assert other.store.count() == IndexStore.open(settings, tmp_path / "local-a", create=False).count()
    hits = other.search("Vem ansvarar för implementering av ny blankett?", top_k=3)
    assert hits[0].id == "lanssamverkansgruppen-2026-02-20--12"
    bm25_hits = other.search("samsjuklighetsreformen", top_k=3, mode="bm25")
    assert bm25_hits

    # A change ingested through one is seen by the other, whose lexical side refreshes.
    (corpus_copy / "samrad-halsa-vard-och-omsorg-2025-varen.txt").unlink()
    shutil.rmtree(tmp_path / "local-a")
    assert IngestService(settings, tmp_path / "local-a").ingest([corpus_copy]).removed == [
        "samrad-halsa-vard-och-omsorg-2025-varen"
    ]
    assert all(not r.id.startswith("samrad") for r in other.search("Samsjuklighetsutredningen", top_k=10, mode="bm25"))
