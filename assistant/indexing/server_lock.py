"""One writer at a time across every process that shares a Chroma server (`ASSISTANT_CHROMA_URL`).

The folder lock (`lock.py`) serialises writers on one machine; API workers on several machines,
each with its own local folder, meet only in the Chroma server, so their lock lives there: a
record in the document registry, `__writer__:<generation>`, with an owner and an expiry.

Chroma has no compare-and-swap, but it has two things that make one:
- `add` of an id that exists is ignored, so of two writers adding the same record the first one
  wins, and reading it back tells each whether it was that one;
- generations only grow: a writer takes generation g+1 only when g (the newest) is released or
  expired, and the record of g+1 can be added once. A writer that read a stale g and added a
  g+1 that someone had already passed sees the newer generation when it checks, and steps back.

The holder renews its expiry every `ttl/6` seconds from a thread; a killed holder stops
renewing and its lock is taken over `ttl` seconds later (what it left half done is finished by
`IndexStore.recover`, as after any crash). Expiry compares wall clocks, so the workers' clocks
must agree to well within `ttl` (NTP does).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

PREFIX = "__writer__:"
_DIGITS = 12
_NO_VECTOR: list[Any] = [[0.0]]  # registry records need a vector; never searched
_POLL_S = 0.2


class LockLost(RuntimeError):
    """This process no longer holds the server's write lock (it expired while we worked)."""


@dataclass(frozen=True)
class Claim:
    """One generation of the lock as the registry holds it."""

    generation: int
    owner: str
    expires: float
    released: bool

    def free(self, now: float) -> bool:
        return self.released or self.expires < now


def is_lock_record(record_id: str) -> bool:
    return record_id.startswith(PREFIX)


def record_id(generation: int) -> str:
    return f"{PREFIX}{generation:0{_DIGITS}d}"


def default_owner() -> str:
    """Who holds the lock, for people reading the registry: host, process and a unique suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class ServerLock:
    """The write lock in `registry` (a Chroma collection), held by `owner` for `ttl_s` at a time."""

    def __init__(
        self,
        registry: Collection,
        *,
        ttl_s: float,
        owner: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.registry = registry
        self.ttl_s = ttl_s
        self.owner = owner or default_owner()
        self.clock = clock
        self.generation: int | None = None
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None
        self.lost = False

    # --- reading -------------------------------------------------------------------------

    def claims(self) -> list[Claim]:
        """Every generation the registry holds, oldest first."""
        got = self.registry.get(where={"writer_lock": True}, include=["metadatas"])
        out = [
            Claim(
                int(i[len(PREFIX) :]),
                str(m.get("owner", "")),
                float(m.get("expires", 0.0)),  # type: ignore[arg-type]
                bool(m.get("released", False)),
            )
            for i, m in zip(got["ids"], got["metadatas"] or [])
            if is_lock_record(i) and m
        ]
        return sorted(out, key=lambda c: c.generation)

    # --- taking and giving back ----------------------------------------------------------

    def try_acquire(self) -> bool:
        """Take the lock if it is free now; True when this owner holds it."""
        claims = self.claims()
        newest = claims[-1] if claims else None
        if newest is not None and not newest.free(self.clock()):
            return False
        generation = newest.generation + 1 if newest else 1
        self.registry.add(
            ids=[record_id(generation)],
            embeddings=_NO_VECTOR,
            metadatas=[self._meta(released=False)],
        )
        if not self._holds(generation):
            return False  # another writer added this generation first
        if any(c.generation > generation for c in self.claims()):
            # A stale reading: someone is past us. Our record goes (the newer holder may have
            # deleted it already: deleting a missing id is no error).
            self.registry.delete(ids=[record_id(generation)])
            return False
        self.generation = generation
        older = [record_id(c.generation) for c in claims if c.generation < generation]
        if older:
            self.registry.delete(ids=older)
        if newest is not None and not newest.released:
            log.warning("took over the write lock from %s, whose claim had expired", newest.owner)
        log.info("holds the index write lock (generation %d) as %s", generation, self.owner)
        self._stop.clear()
        self._renewer = threading.Thread(target=self._renew, name="write-lock-renewer", daemon=True)
        self._renewer.start()
        return True

    def acquire(self, timeout_s: float) -> bool:
        """Wait up to `timeout_s` for the lock; False if it stayed taken."""
        deadline = time.monotonic() + timeout_s
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL_S)
        return True

    def release(self) -> None:
        """Give the lock back (marked released: the generation stays, so the next one is g+1)."""
        generation, self.generation = self.generation, None
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join()
            self._renewer = None
        if generation is None or self.lost:
            return
        if self._holds(generation):
            self._write(generation, released=True)
            log.info("released the index write lock (generation %d)", generation)

    # --- holding -------------------------------------------------------------------------

    def _renew(self) -> None:
        interval = self.ttl_s / 6
        while not self._stop.wait(interval):
            generation = self.generation
            if generation is None:
                return
            try:
                if not self._holds(generation):
                    self.lost = True
                    log.error("lost the index write lock (generation %d): it expired and was taken over", generation)
                    return
                self._write(generation, released=False)
            except Exception:  # noqa: BLE001 - the server may blink; the next round tries again
                log.warning("could not renew the index write lock", exc_info=True)

    def _holds(self, generation: int) -> bool:
        got = self.registry.get(ids=[record_id(generation)], include=["metadatas"])
        metadatas = got["metadatas"] or []
        return bool(metadatas) and (metadatas[0] or {}).get("owner") == self.owner

    def _write(self, generation: int, *, released: bool) -> None:
        self.registry.update(ids=[record_id(generation)], metadatas=[self._meta(released=released)])

    def _meta(self, *, released: bool) -> dict[str, Any]:
        return {
            "writer_lock": True,
            "owner": self.owner,
            "expires": self.clock() + self.ttl_s,
            "released": released,
        }
