"""Document loaders: a file on disk to its text, or a DocumentError with a Swedish reason.

`load_text` is the only entry point. It picks the loader by file suffix, checks that
the content matches the suffix, and guarantees that nothing but DocumentError
escapes, so callers (CLI, indexer, API) handle one error type and can show it as is.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from assistant.documents.errors import DocumentError
from assistant.documents.loaders.docx import extract_docx
from assistant.documents.loaders.html import extract_html
from assistant.documents.loaders.pdf import PAGE_BREAK, extract_pdf
from assistant.documents.loaders.text import decode_markdown, decode_text

__all__ = [
    "PAGE_BREAK",
    "SUPPORTED_SUFFIXES",
    "LoadedText",
    "TextFormat",
    "load_text",
]

TextFormat = Literal["txt", "md", "pdf", "docx", "html"]

SUPPORTED_SUFFIXES: Mapping[str, TextFormat] = MappingProxyType(
    {
        ".txt": "txt",
        ".md": "md",
        ".markdown": "md",
        ".pdf": "pdf",
        ".docx": "docx",
        ".html": "html",
        ".htm": "html",
    }
)
"""Lower-case file suffix -> format name. Matching is case-insensitive."""

EMPTY_REASON = "filen är tom"
NO_TEXT_REASON = "filen innehåller ingen text"
NOT_FOUND_REASON = "filen finns inte"
DIRECTORY_REASON = "sökvägen är en mapp, inte en fil"
NOT_REGULAR_REASON = "sökvägen är ingen vanlig fil"
PERMISSION_REASON = "filen kan inte läsas eftersom behörighet saknas"
UNREADABLE_REASON = "filen kan inte läsas"
TOO_LARGE_REASON = "filen är för stor ({size}; gränsen är {limit})"
UNEXPECTED_REASON = "filen kunde inte läsas på grund av ett oväntat fel"


@dataclass(frozen=True, slots=True)
class LoadedText:
    """A file's text as loaders produce it, with the format used and the bytes' hash."""

    text: str
    format: TextFormat
    sha256: str


_EXTRACTORS: Mapping[TextFormat, Callable[[bytes, Path], str]] = MappingProxyType(
    {
        "txt": decode_text,
        "md": decode_markdown,
        "pdf": extract_pdf,
        "docx": extract_docx,
        "html": extract_html,
    }
)


def load_text(path: Path, *, max_bytes: int | None = None) -> LoadedText:
    """Read and extract a file's text.

    `max_bytes` defaults to the configured `max_file_mb`. Every failure, expected or
    not, is raised as DocumentError(path, Swedish reason).
    """
    path = Path(path)
    try:
        return _load(path, max_bytes)
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001
        # The promise to callers is one exception type; keep the real one as __cause__.
        raise DocumentError(path, UNEXPECTED_REASON) from exc


def unsupported_reason(suffix: str) -> str:
    """The Swedish reason for a file type we do not read, listing those we do."""
    what = f"filtypen {suffix}" if suffix else "filer utan filändelse"
    names = list(SUPPORTED_SUFFIXES)
    listed = ", ".join(names[:-1]) + " och " + names[-1]
    return f"{what} stöds inte; de format som stöds är {listed}"


def _load(path: Path, max_bytes: int | None) -> LoadedText:
    suffix = path.suffix.lower()
    fmt = SUPPORTED_SUFFIXES.get(suffix)
    if fmt is None:
        raise DocumentError(path, unsupported_reason(path.suffix))
    limit = max_bytes if max_bytes is not None else _configured_max_bytes()
    data = _read_bytes(path, limit)
    text = _EXTRACTORS[fmt](data, path)
    if not text.strip():
        raise DocumentError(path, NO_TEXT_REASON)
    return LoadedText(text=text, format=fmt, sha256=hashlib.sha256(data).hexdigest())


def _configured_max_bytes() -> int:
    """The size limit from settings (imported late: settings read the environment)."""
    from assistant.config import get_settings

    return int(get_settings().max_file_mb * 1024 * 1024)


def _read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing what is missing, not a file, empty or too large."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                # A FIFO or device could block or never end; only read regular files.
                raise DocumentError(path, NOT_REGULAR_REASON)
            _check_size(path, info.st_size, limit)
            data = handle.read(limit + 1)
    except DocumentError:
        raise
    except FileNotFoundError as exc:
        raise DocumentError(path, NOT_FOUND_REASON) from exc
    except IsADirectoryError as exc:
        raise DocumentError(path, DIRECTORY_REASON) from exc
    except PermissionError as exc:
        if path.is_dir():  # Windows reports opening a directory as a permission error.
            raise DocumentError(path, DIRECTORY_REASON) from exc
        raise DocumentError(path, PERMISSION_REASON) from exc
    except OSError as exc:
        raise DocumentError(path, UNREADABLE_REASON) from exc
    # The file may have grown since fstat.
    _check_size(path, len(data), limit)
    if not data:
        raise DocumentError(path, EMPTY_REASON)
    return data


def _check_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise DocumentError(path, TOO_LARGE_REASON.format(size=_size(size), limit=_size(limit)))


def _size(size: int) -> str:
    """A size for users, with a Swedish decimal comma: '12,5 MB', '50 MB' (kB below 1 MB)."""
    if size >= 1024 * 1024:
        value, unit = size / (1024 * 1024), "MB"
    elif size >= 1024:
        value, unit = size / 1024, "kB"
    else:
        return f"{size} byte"
    return f"{value:.1f}".removesuffix(".0").replace(".", ",") + f" {unit}"
