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


def _serve(port: int, index: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from assistant.cli import main; main()", "serve", "--index", str(index)]
    return subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{url} did not start")


@pytest.mark.slow
def test_two_api_processes_share_one_chroma_server(tmp_path: Path, corpus_copy: Path, chroma_url: str) -> None:
    """Scale-out: two `assistant serve` processes, each with only a local cache folder, over one
    `chroma run`; a document uploaded through one is found through the other."""
    import os

    prefix = "scaleout_"
    settings = Settings(corpus_dir=corpus_copy, chroma_url=chroma_url, collection_prefix=prefix)
    IngestService(settings, tmp_path / "ingest").ingest([corpus_copy])
    env = dict(os.environ, ASSISTANT_CHROMA_URL=chroma_url, ASSISTANT_COLLECTION_PREFIX=prefix,
               ASSISTANT_CORPUS_DIR=str(corpus_copy), ASSISTANT_LOG_FILE=str(tmp_path / "log.txt"))  # fmt: skip
    ports = [_free_port(), _free_port()]
    workers = [_serve(port, tmp_path / f"worker-{n}", env) for n, port in enumerate(ports)]
    try:
        first, second = (f"http://127.0.0.1:{port}" for port in ports)
        for url, worker in zip((first, second), workers):
            _wait_healthy(url, worker)
        question = {"query": "Vilka åtgärder beslutades för vinterväghållningen i skärgården?", "top_k": 3}
        before = httpx.post(f"{second}/api/search", json=question, timeout=60).json()["results"]
        assert all(not r["id"].startswith("vintervag") for r in before)

        protocol = (
            "PROTOKOLL\nTekniska nämnden\nSammanträdesdatum: 2025-12-03\n\n"
            "§ 7 Vinterväghållning i skärgården\nSkärgårdsvägarna plogas från klockan fem vid snöfall.\n"
            "Beslut\nTekniska nämnden beslutar att vinterväghållningen i skärgården utökas med två fordon.\n"
        )
        uploaded = httpx.post(
            f"{first}/api/documents", files={"file": ("vintervag-2025-12-03.txt", protocol.encode())}, timeout=120
        )
        assert uploaded.status_code == 200, uploaded.text
        after = httpx.post(f"{second}/api/search", json=question, timeout=60).json()["results"]
        assert after[0]["id"] == "vintervag-2025-12-03--7"
        answer = httpx.post(
            f"{second}/api/ask", json={"question": "Vad beslutade tekniska nämnden om vinterväghållningen i skärgården?"},
            timeout=60,
        ).json()  # fmt: skip
        assert answer["citations"][0]["id"] == "vintervag-2025-12-03--7" and "två fordon" in answer["answer"]
        listed = httpx.get(f"{second}/api/documents", timeout=60).json()
        assert "vintervag-2025-12-03" in [d["id"] for d in (listed["documents"] if isinstance(listed, dict) else listed)]
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=20)
