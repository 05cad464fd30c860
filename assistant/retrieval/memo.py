"""A bounded, thread-safe memo: the last N results of an expensive function of a hashable key.

The server answers from many threads at once; `cachetools.LRUCache` is not thread-safe by
itself, so every use goes through one lock (held only for the dictionary work, never while
computing a value: two threads may compute the same value once each, which is harmless).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

from cachetools import LRUCache

V = TypeVar("V")


class Memo(Generic[V]):
    """`memo.get(key, compute)`: the remembered value, or `compute()` remembered; size 0 remembers nothing."""

    def __init__(self, size: int) -> None:
        self._cache: LRUCache[Hashable, V] | None = LRUCache(maxsize=size) if size > 0 else None
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        if self._cache is None:
            return compute()
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        return self.put(key, compute())

    def known(self, keys: Iterable[Hashable]) -> dict[Hashable, V]:
        """The remembered values of those keys that have one (for callers that compute many at once)."""
        if self._cache is None:
            return {}
        with self._lock:
            return {key: self._cache[key] for key in keys if key in self._cache}

    def put(self, key: Hashable, value: V) -> V:
        if self._cache is not None:
            with self._lock:
                self._cache[key] = value
        return value
