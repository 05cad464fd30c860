"""Chroma as a server (`ASSISTANT_CHROMA_URL`): a real `chroma run` on 127.0.0.1, started by the test."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

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


def _registry(chroma_url: str, prefix: str) -> Any:
    """The document registry's collection on the server, through a client of its own (as a worker has)."""
    import chromadb

    from assistant.components.vector_store.chroma import documents_collection

    host, port = chroma_url.removeprefix("http://").split(":")
    return documents_collection(chromadb.HttpClient(host=host, port=int(port)), prefix)


_HOLD_AND_WAIT = """
import sys, time
from tests.test_chroma_server import _registry
from assistant.indexing.server_lock import ServerLock
lock = ServerLock(_registry(sys.argv[1], sys.argv[2]), ttl_s=2.0, owner="dies-holding-it")
assert lock.acquire(10)
print(lock.generation, flush=True)
time.sleep(120)
"""


def test_server_lock_admits_one_writer_at_a_time_and_outlives_a_killed_one(chroma_url: str) -> None:
    """The write lock in the Chroma server: writers in threads with clients of their own never
    overlap, generations only grow, and a holder killed with SIGKILL loses it when it expires."""
    import threading

    from assistant.indexing.server_lock import ServerLock

    prefix = "locktest_"
    inside, most, taken = [0], [0], []
    guard = threading.Lock()

    def writer(n: int) -> None:
        lock = ServerLock(_registry(chroma_url, prefix), ttl_s=5.0, owner=f"writer-{n}")
        for _ in range(4):
            assert lock.acquire(60)
            with guard:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
                taken.append(lock.generation)
            time.sleep(0.02)
            with guard:
                inside[0] -= 1
            lock.release()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert most[0] == 1 and len(taken) == 12
    assert taken == sorted(taken) and len(set(taken)) == 12  # one holder per generation, in order

    root = Path(__file__).resolve().parent.parent
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_AND_WAIT, chroma_url, prefix], cwd=root, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    held = int(holder.stdout.readline())
    holder.kill()  # SIGKILL: no release, no renewal
    holder.wait(timeout=10)
    waiter = ServerLock(_registry(chroma_url, prefix), ttl_s=5.0, owner="next")
    assert not waiter.try_acquire()  # the dead holder's claim has not expired yet
    started = time.monotonic()
    assert waiter.acquire(30)
    assert 0.5 < time.monotonic() - started < 10
    assert waiter.generation == held + 1
    assert [(c.generation, c.owner, c.released) for c in waiter.claims()] == [(held + 1, "next", False)]
    waiter.release()
    assert waiter.claims()[-1].released


def _log_times(log: Path, pattern: str) -> list[tuple[datetime, int]]:
    """(time, generation) of each log line matching `pattern` (with one (\\d+) for the generation)."""
    found = []
    for line in log.read_text(encoding="utf-8").splitlines():
        if match := re.search(pattern, line):
            found.append((datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f"), int(match.group(1))))
    return found


@pytest.mark.slow
def test_uploads_through_two_workers_take_turns_and_survive_a_killed_writer(
    tmp_path: Path, corpus_copy: Path, chroma_url: str
) -> None:
    """Two `assistant serve` over one `chroma run`: uploads sent to both at once are written one
    after the other (the server's lock, seen in each worker's log), and a writer killed while
    holding the lock delays the next upload only until the lock expires."""
    import os
    import threading

    prefix = "turns_"
    base = dict(os.environ, ASSISTANT_CHROMA_URL=chroma_url, ASSISTANT_COLLECTION_PREFIX=prefix,
                ASSISTANT_CORPUS_DIR=str(corpus_copy), ASSISTANT_WRITE_LOCK_TTL_S="3")  # fmt: skip
    logs = [tmp_path / "worker-0.log", tmp_path / "worker-1.log"]
    envs = [
        # The first worker pauses in the middle of each write, holding the lock, so the second must wait.
        dict(base, ASSISTANT_LOG_FILE=str(logs[0]), ASSISTANT_FAILPOINT="after-add:sleep=3"),
        dict(base, ASSISTANT_LOG_FILE=str(logs[1])),
    ]
    ports = [_free_port(), _free_port()]
    workers = [_serve(port, tmp_path / f"worker-{n}", env) for n, (port, env) in enumerate(zip(ports, envs))]

    def protocol(number: int, subject: str) -> bytes:
        return (
            f"PROTOKOLL\nTekniska nämnden\nSammanträdesdatum: 2025-12-0{number}\n\n§ {number} {subject}\n"
            f"Beslut\nTekniska nämnden beslutar att {subject.lower()} genomförs under året.\n"
        ).encode()

    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url, worker in zip(urls, workers):
            _wait_healthy(url, worker)
        responses: dict[int, httpx.Response] = {}

        def upload(n: int, name: str, content: bytes) -> None:
            responses[n] = httpx.post(f"{urls[n]}/api/documents", files={"file": (name, content)}, timeout=120)

        first = threading.Thread(target=upload, args=(0, "broar-2025-12-01.txt", protocol(1, "Broinspektion")))
        first.start()
        time.sleep(1.0)  # the first worker holds the lock and sleeps in it
        upload(1, "parker-2025-12-02.txt", protocol(2, "Parkskötsel"))
        first.join(timeout=120)
        assert responses[0].status_code == 200, responses[0].text
        assert responses[1].status_code == 200, responses[1].text
        (taken_0, g0), (released_0, _) = _log_times(logs[0], r"holds the index write lock \(generation (\d+)\)")[0], \
            _log_times(logs[0], r"released the index write lock \(generation (\d+)\)")[0]  # fmt: skip
        taken_1, g1 = _log_times(logs[1], r"holds the index write lock \(generation (\d+)\)")[0]
        assert g1 == g0 + 1 and taken_1 >= released_0 and (released_0 - taken_0).total_seconds() >= 3

        # A writer killed while it holds the lock (an ingest SIGKILLed after storing nodes, before commit).
        dead = tmp_path / "dead"
        dead.mkdir()
        (dead / "dammar-2025-12-03.txt").write_bytes(protocol(3, "Dammsäkerhet"))
        killed = subprocess.run(
            [sys.executable, "-c", "from assistant.cli import main; main()", "ingest", str(dead), "--index",
             str(tmp_path / "dead-index")], env=dict(base, ASSISTANT_FAILPOINT="after-add"), capture_output=True,
            timeout=300,
        )  # fmt: skip
        assert killed.returncode == -9
        started = time.monotonic()
        upload(1, "gator-2025-12-04.txt", protocol(4, "Gatubelysning"))
        assert responses[1].status_code == 200, responses[1].text
        assert time.monotonic() - started >= 1.0  # it waited for the dead writer's claim to expire
        assert "took over the write lock from" in logs[1].read_text(encoding="utf-8")
        listed = httpx.get(f"{urls[0]}/api/documents", timeout=60).json()
        ids = [d["id"] for d in (listed["documents"] if isinstance(listed, dict) else listed)]
        assert {"broar-2025-12-01", "parker-2025-12-02", "gator-2025-12-04"} <= set(ids)
        assert "dammar-2025-12-03" not in ids
        found = httpx.post(f"{urls[0]}/api/search", json={"query": "Dammsäkerhet", "top_k": 10}, timeout=60).json()
        assert all(not r["id"].startswith("dammar") for r in found["results"])  # its half-written nodes are gone
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=20)
