"""Give memory back to the operating system between the phases of a large ingest.

Parsing and embedding thousands of documents leaves the C allocator holding freed memory
in fragments; building the lexical index then grows on top of it, and the process's peak
resident size is the sum. Returning the fragments first (glibc's `malloc_trim`) lowers the
peak; where there is no glibc, this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def release_memory() -> None:
    """Collect garbage and return freed heap memory to the system."""
    gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
