"""Does an upload's content match its name? Checked before anything is written.

The loaders check this too, but only once the file is on disk and being parsed; checking the
bytes first lets a PNG called "protokoll.pdf" be refused as the wrong type (415) with a
message that says what the file really is, instead of as an unreadable document.

Files of the right type that are unsafe or pointless to parse are refused too (422,
`shape_problem`): a text file with an enormous line (no protocol has a paragraph of hundreds
of kilobytes, and the parser would spend many seconds on it, holding the index's write lock,
and could make the whole line a document's title), and a Word file that is damaged or unpacks
to more than it declares (a zip bomb, see archive.py).
"""

from __future__ import annotations

import io
import zipfile

from assistant.documents.loaders import SUPPORTED_SUFFIXES
from assistant.documents.loaders.pdf import looks_like_pdf
from assistant.documents.loaders.text import bom_encoding
from assistant.server.documents.archive import archive_problem

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
MAX_LINE_BYTES = 100_000
_OFFICE_PARTS = (b"[Content_Types].xml", b"_rels/", b"word/", b"docProps/")
_TEXT_FORMATS = {"txt", "md"}
_NOT_A = {"pdf": "ingen PDF-fil", "docx": "inget Word-dokument (docx)", "txt": "ingen textfil", "md": "ingen textfil",
          "html": "ingen HTML-sida"}  # fmt: skip


def _what(data: bytes) -> str | None:
    return next((what for magic, what in _MAGIC if data.startswith(magic)), None)


def _is_docx(data: bytes) -> bool:
    """A zip with a Word body; or a damaged zip that starts like an Office file (e.g. cut off while
    copied: shape_problem then says it is damaged, rather than that it is no Word file)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        first = data[30 : 30 + int.from_bytes(data[26:28], "little")]  # the first member's name
        return first.startswith(_OFFICE_PARTS)


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


def long_line(data: bytes, limit: int = MAX_LINE_BYTES) -> int:
    """The length in bytes of the first line longer than `limit` (\\n and \\r end lines), or 0 if none is.

    Looks at windows of `limit + 1` bytes: one without a line end is a long line; else the next
    window starts after its last line end, so the whole scan takes about 2·len/limit searches in C."""
    start, size = 0, len(data)
    while size - start > limit:
        stop = start + limit + 1
        last = max(data.rfind(b"\n", start, stop), data.rfind(b"\r", start, stop))
        if last < 0:
            ends = [end for end in (data.find(b"\n", stop), data.find(b"\r", stop)) if end >= 0]
            return (min(ends) if ends else size) - start
        start = last + 1
    return 0


def shape_problem(filename: str, data: bytes) -> str | None:
    """None if the upload (already of the right type) is safe to parse; else a Swedish reason."""
    fmt = SUPPORTED_SUFFIXES.get("." + filename.rpartition(".")[2].lower())
    if fmt == "docx":
        return archive_problem(data)
    if fmt not in _TEXT_FORMATS or len(data) <= MAX_LINE_BYTES:
        return None
    longest = long_line(data)
    if not longest:
        return None
    return (
        f"filen har en rad på {longest:,} byte utan radbrytning (gränsen är {MAX_LINE_BYTES:,} byte); "
        "ett protokoll eller en överenskommelse har radbrytningar mellan stycken. "
        "Spara den som text med radbrytningar och försök igen"
    ).replace(",", " ")
