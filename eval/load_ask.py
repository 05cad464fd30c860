"""Load test of POST /api/ask: N concurrent clients asking the questions of eval/questions.jsonl.

Not a test (nothing passes or fails): it measures how the server holds up when a whole
office asks at once. By default it builds an index of corpus/ in a temporary folder, starts
`assistant serve` on a free port of 127.0.0.1 in its own process (so clients and server do
not share one interpreter), warms it up, then lets `--clients` clients send `--requests`
questions in all, each client sending its next question as soon as its previous answer
arrives. It prints requests, errors, latency p50/p95/max and throughput, and writes them as
the "Load" section of eval/RESULTS.md. With `--url` it loads a server that is already running.

    .venv/bin/python eval/load_ask.py                      # 20 clients, 400 questions
    .venv/bin/python eval/load_ask.py --clients 50 --requests 1000
    .venv/bin/python eval/load_ask.py --url http://127.0.0.1:7860 --no-results
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUESTIONS = ROOT / "eval" / "questions.jsonl"
RESULTS = ROOT / "eval" / "RESULTS.md"
SECTION = "## Load: POST /api/ask ("
_WARM_UP = 5


@dataclass
class Outcome:
    """What the clients saw: one latency per answered request, and the failures by kind."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    modes: dict[str, int] = field(default_factory=dict)  # extractive, llm, llm-fallback
    abstained: int = 0
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    def fail(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def questions(path: Path = QUESTIONS) -> list[str]:
    return [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def started_server(index: Path | None, cache: bool = False) -> Iterator[str]:
    """`assistant serve` in its own process over `index` (default: a fresh index of corpus/); its
    answer cache off unless `cache` (the questions repeat, so with it most answers are lookups)."""
    with tempfile.TemporaryDirectory() as tmp:
        if index is None:
            from assistant.config import Settings
            from assistant.indexing.ingest import IngestService

            index = Path(tmp) / "index"
            print("Bygger index av corpus/ …", file=sys.stderr)
            IngestService(Settings(corpus_dir=ROOT / "corpus"), index).ingest([ROOT / "corpus"])
        port = free_port()
        command = [sys.executable, "-c", "from assistant.cli import main; main()", "serve"]
        command += ["--index", str(index), "--host", "127.0.0.1", "--port", str(port)]
        env = os.environ | {"ASSISTANT_CORPUS_DIR": str(ROOT / "corpus")}
        if not cache:
            env["ASSISTANT_ANSWER_CACHE_SIZE"] = "0"
        with open(Path(tmp) / "server.log", "w") as log:
            server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                url = f"http://127.0.0.1:{port}"
                _wait_until_up(url, server)
                yield url
            finally:
                stop(server)


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop a started server: politely, then for good."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _wait_until_up(url: str, server: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"Servern avslutades under starten (kod {server.returncode}).")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).json().get("index") == "ok":
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("Servern startade inte inom två minuter.")


async def _client(client: httpx.AsyncClient, queue: asyncio.Queue[str], outcome: Outcome, timeout: float) -> None:
    while True:
        try:
            question = queue.get_nowait()
        except asyncio.QueueEmpty:
            return
        started = time.perf_counter()
        try:
            response = await client.post("/api/ask", json={"question": question}, timeout=timeout)
        except httpx.TimeoutException:
            outcome.fail("timeout")
            continue
        except httpx.HTTPError as error:
            outcome.fail(type(error).__name__)
            continue
        elapsed = time.perf_counter() - started
        try:
            body = response.json() if response.status_code == 200 else None
            mode = str(body["mode"]) if body is not None else None
        except (ValueError, KeyError, TypeError):
            body, mode = None, None
        if body is None or mode is None:
            outcome.fail(f"HTTP {response.status_code}")
            continue
        outcome.latencies.append(elapsed)
        outcome.modes[mode] = outcome.modes.get(mode, 0) + 1
        outcome.abstained += bool(body.get("abstained"))


async def load(url: str, asked: Sequence[str], clients: int, timeout: float, warm_up: int = _WARM_UP) -> Outcome:
    """Send every question in `asked`, `clients` at a time, after the first `warm_up` once each."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits) as client:
        for question in asked[:warm_up]:  # first answers load caches (BM25, word frequencies)
            await client.post("/api/ask", json={"question": question}, timeout=timeout)
        queue: asyncio.Queue[str] = asyncio.Queue()
        for question in asked:
            queue.put_nowait(question)
        outcome = Outcome()
        started = time.perf_counter()
        await asyncio.gather(*(_client(client, queue, outcome, timeout) for _ in range(clients)))
        outcome.seconds = time.perf_counter() - started
        return outcome


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def table(outcome: Outcome) -> list[str]:
    ms = [x * 1000 for x in outcome.latencies] or [0.0]
    errors = ", ".join(f"{kind}: {n}" for kind, n in sorted(outcome.errors.items())) or "none"
    modes = ", ".join(f"{mode}: {n}" for mode, n in sorted(outcome.modes.items())) or "none"
    return [
        "| measure | value |",
        "|---|---|",
        f"| requests | {outcome.requests} |",
        f"| errors | {sum(outcome.errors.values())} ({errors}) |",
        f"| latency p50 / p95 / max | {statistics.median(ms):.0f} ms / {percentile(ms, 0.95):.0f} ms / {max(ms):.0f} ms |",
        f"| throughput | {len(outcome.latencies) / outcome.seconds:.1f} answers/s over {outcome.seconds:.1f} s |",
        f"| answer modes | {modes} |",
    ]


def _machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_results(rows: list[str], command: str, clients: int, where: str) -> None:
    """Replace (or add) the Load section of eval/RESULTS.md, leaving the other sections as they are."""
    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    section = "\n".join(
        [
            f"{SECTION}{when})",
            "",
            f"Command: `{command}`. {clients} concurrent clients, each asking its next question from "
            f"`eval/questions.jsonl` as soon as the previous answer arrived; {where}; {_machine()}. "
            "Latency is per request, as the clients saw it.",
            "",
            *rows,
            "",
        ]
    )
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Results\n\n"
    head, found, rest = previous.partition(SECTION)
    tail = rest.split("\n## ", 1)[1] if found and "\n## " in rest else ""
    RESULTS.write_text(head.rstrip() + "\n\n" + section + ("\n## " + tail if tail else ""), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--requests", type=int, default=400, help="questions to send in all (default 400)")
    parser.add_argument("--url", help="load a running server instead of starting one")
    parser.add_argument("--index", type=Path, help="index folder for the started server (default: a fresh one)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a request counts as an error")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", action="store_true", help="keep the started server's answer cache on")
    parser.add_argument("--no-results", action="store_true", help="print only; do not write eval/RESULTS.md")
    args = parser.parse_args()

    pool = questions()
    rng = random.Random(args.seed)
    asked = [rng.choice(pool) for _ in range(args.requests)]
    if args.url:
        outcome = asyncio.run(load(args.url.rstrip("/"), asked, args.clients, args.timeout))
        where = f"server at {args.url}"
    else:
        with started_server(args.index, args.cache) as url:
            outcome = asyncio.run(load(url, asked, args.clients, args.timeout))
        where = "server started by the script (`assistant serve`, one process) on 127.0.0.1, " + (
            "answer cache on (questions repeat: most answers are cache hits)"
            if args.cache
            else "answer cache off (`ASSISTANT_ANSWER_CACHE_SIZE=0`: every answer computed)"
        )
    rows = table(outcome)
    print("\n".join(rows))
    if not args.no_results:
        command = "python eval/load_ask.py " + " ".join(sys.argv[1:])
        write_results(rows, command.strip(), args.clients, where)


if __name__ == "__main__":
    main()
