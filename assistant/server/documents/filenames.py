"""Safe file names for uploads: a name a client sent must never choose where a file is written.

Only the last path component is kept (both / and \\ count as separators, so "../../etc/x.txt"
and "C:\\temp\\x.txt" become "x.txt"), control and invisible formatting characters are dropped
(a right-to-left override could disguise "fdp.exe" as "exe.pdf"), characters Windows forbids
are replaced, and leading dots are removed: ingest skips hidden files, so ".x.txt" would be
stored but never indexed again.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.documents.loaders import SUPPORTED_SUFFIXES, unsupported_reason
from assistant.server.documents.documents_errors import DocumentRejected

MAX_STEM_CHARS = 100
MAX_SUFFIX_CHARS = 20  # in messages about an unsupported type
FALLBACK_STEM = "dokument"
_FORBIDDEN = re.compile(r'[<>:"|?*]')
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}


def safe_filename(raw: str) -> str:
    """A plain file name with a supported suffix; DocumentRejected (415, Swedish) if the type is not one we read."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = " ".join(_FORBIDDEN.sub("_", name).split())
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    suffix = f".{suffix.lower().strip()}" if suffix.strip() else ""
    stem = stem.strip(". ")[:MAX_STEM_CHARS].rstrip(". ") or FALLBACK_STEM
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix if len(suffix) <= MAX_SUFFIX_CHARS else suffix[:MAX_SUFFIX_CHARS] + "…"
        raise DocumentRejected(f"«{stem}{shown}» kan inte läsas in: {unsupported_reason(shown)}.", 415)
    if stem.lower() in _WINDOWS_DEVICES:
        stem = f"{stem}-{FALLBACK_STEM}"
    return stem + suffix


def numbered(name: str, n: int) -> str:
    """The n-th alternative of a taken name: "protokoll.pdf" -> "protokoll-2.pdf"."""
    stem, _, suffix = name.rpartition(".")
    return f"{stem}-{n}.{suffix}"
