"""One writer at a time: ingests, uploads and deletions of one index are serialised.

An OS file lock (`flock`) on `<index>/.write.lock`: released by the kernel when its holder
dies, so a killed ingest never leaves the index locked. A second writer waits up to
`timeout` seconds and is then refused with a Swedish message.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".write.lock"


class IndexBusy(RuntimeError):
    """Another ingest or upload is writing to the index."""

    def __init__(self, where: Path) -> None:
        super().__init__(
            f"Indexet i {where} uppdateras redan av en annan inläsning. Försök igen när den är klar."
        )


@contextmanager
def write_lock(index_dir: Path, timeout: float = 0.0) -> Iterator[None]:
    """Hold the index's write lock; wait up to `timeout` seconds for it, else raise IndexBusy."""
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
