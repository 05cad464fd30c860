"""Does an upload's content match its name? Checked before anything is written.

The loaders check this too, but only once the file is on disk and being parsed; checking the
bytes first lets a PNG called "protokoll.pdf" be refused as the wrong type (415) with a
message that says what the file really is, instead of as an unreadable document.
"""

from __future__ import annotations

import io
import zipfile

from assistant.documents.loaders import SUPPORTED_SUFFIXES
from assistant.documents.loaders.pdf import looks_like_pdf
from assistant.documents.loaders.text import bom_encoding

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "en PNG-bild"),
    (b"\xff\xd8\xff", "en JPEG-bild"),
    (b"GIF87a", "en GIF-bild"),
    (b"GIF89a", "en GIF-bild"),
    (b"%PDF-", "en PDF-fil"),
    (b"PK\x03\x04", "ett zip-arkiv (till exempel ett Office-dokument)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ett äldre Office-dokument (doc/xls)"),
    (b"\x7fELF", "ett program"),
    (b"\x1f\x8b", "ett gzip-arkiv"),
    (b"Rar!", "ett rar-arkiv"),
    (b"7z\xbc\xaf", "ett 7z-arkiv"),
)
_NOT_A = {"pdf": "ingen PDF-fil", "docx": "inget Word-dokument (docx)", "txt": "ingen textfil", "md": "ingen textfil",
          "html": "ingen HTML-sida"}  # fmt: skip


def _what(data: bytes) -> str | None:
    return next((what for magic, what in _MAGIC if data.startswith(magic)), None)


def _is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def content_problem(filename: str, data: bytes) -> str | None:
    """None if the bytes fit the name's type, else a Swedish reason naming what the file is."""
    fmt = SUPPORTED_SUFFIXES.get("." + filename.rpartition(".")[2].lower())
    if fmt is None:
        return "filtypen stöds inte"
    if fmt == "pdf":
        ok = looks_like_pdf(data)
    elif fmt == "docx":
        ok = _is_docx(data)
    else:
        ok = _what(data) is None and (b"\x00" not in data[:65536] or bom_encoding(data) is not None)
    if ok:
        return None
    what = _what(data) or "binär data"
    return f"filen heter «{filename}» men är {_NOT_A[fmt]} utan {what}"
