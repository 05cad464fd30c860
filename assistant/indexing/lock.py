"""One writer at a time: ingests, uploads and deletions of one index are serialised.

An OS file lock (`flock`) on `<index>/.write.lock`: released by the kernel when its holder
dies, so a killed ingest never leaves the index locked. With a Chroma server
(`ASSISTANT_CHROMA_URL`) the writers may sit on other machines, so a lock in the server itself
is held too (`server_lock.py`). A second writer waits up to `timeout` seconds and is then
refused with a Swedish message.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.config import Settings
from assistant.indexing.server_lock import ServerLock

LOCK_FILE = ".write.lock"


class IndexBusy(RuntimeError):
    """Another ingest or upload is writing to the index."""

    def __init__(self, where: Path | str) -> None:
        super().__init__(
            f"Indexet i {where} uppdateras redan av en annan inläsning. Försök igen när den är klar."
        )


@contextmanager
def write_lock(settings: Settings, index_dir: Path) -> Iterator[None]:
    """Hold the index's write lock (the folder's, and the Chroma server's when there is one)."""
    with folder_lock(index_dir, settings.write_lock_timeout_s):
        if not settings.chroma_url:
            yield
            return
        from assistant.indexing.store import IndexStore  # the store imports this module's callers

        registry = IndexStore.open(settings, index_dir, create=True).documents
        lock = ServerLock(registry, ttl_s=settings.write_lock_ttl_s)
        if not lock.acquire(settings.write_lock_timeout_s):
            raise IndexBusy(settings.chroma_url)
        try:
            yield
        finally:
            lock.release()


@contextmanager
def folder_lock(index_dir: Path, timeout: float = 0.0) -> Iterator[None]:
    """Hold the folder's write lock; wait up to `timeout` seconds for it, else raise IndexBusy."""
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(index_dir) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
