"""Word (.docx): body paragraphs and tables, in document order, via python-docx.

Tables are kept where they stand and each row becomes one `| a | b |` line, so a
decision written in a table still sits inside its paragraf. The zip is inspected
before python-docx opens it: a small file must not be able to unpack to gigabytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from assistant.documents.errors import DocumentError
from assistant.documents.loaders.docx_numbering import Numbering
from assistant.documents.loaders.text import normalise

NOT_DOCX_REASON = "filen har ändelsen .docx men är inget Word-dokument (docx)"
OLE_REASON = (
    "filen är inget vanligt docx-dokument; den är troligen lösenordsskyddad eller i det "
    "äldre Word-formatet (.doc). Spara den som .docx utan lösenord och försök igen"
)
CORRUPT_REASON = "Word-filen är skadad och kan inte läsas"
TOO_BIG_REASON = "Word-filen packas upp till {size} MB, över gränsen {limit} MB, och läses inte"
RATIO_REASON = "Word-filen är misstänkt hårt komprimerad (som en så kallad zip-bomb) och läses inte"

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Small parts (XML full of repeated markup) legitimately compress very well.
RATIO_CHECK_ABOVE_BYTES = 5 * 1024 * 1024

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN_PART = "word/document.xml"


def extract_docx(data: bytes, source: Path) -> str:
    """The document body as text; DocumentError if it is not a readable, safe docx."""
    _check_container(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_block_lines(document.element.body, Numbering.of(document)))
    except Exception as exc:  # noqa: BLE001
        # python-docx, zipfile and lxml each raise their own types for broken files.
        raise DocumentError(source, CORRUPT_REASON) from exc
    return normalise("\n".join(lines))


def _check_container(data: bytes, source: Path) -> None:
    """Refuse non-zips, zips without a Word body, and zip bombs, before parsing."""
    if data.startswith(_OLE_SIGNATURE):
        raise DocumentError(source, OLE_REASON)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        # A zip header with an unreadable archive is a damaged (e.g. truncated) file.
        reason = CORRUPT_REASON if data.startswith(b"PK\x03\x04") else NOT_DOCX_REASON
        raise DocumentError(source, reason) from exc
    if not any(info.filename == _MAIN_PART for info in members):
        raise DocumentError(source, NOT_DOCX_REASON)
    check_zip_bomb(members, source)


def check_zip_bomb(members: list[zipfile.ZipInfo], source: Path) -> None:
    """DocumentError if the archive would unpack to too much, in total or by ratio."""
    total = sum(info.file_size for info in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise DocumentError(
            source,
            TOO_BIG_REASON.format(size=_mb(total), limit=_mb(MAX_UNCOMPRESSED_BYTES)),
        )
    compressed = sum(info.compress_size for info in members)
    if _absurd_ratio(total, compressed):
        raise DocumentError(source, RATIO_REASON)
    for info in members:
        if _absurd_ratio(info.file_size, info.compress_size):
            raise DocumentError(source, RATIO_REASON)


def _absurd_ratio(uncompressed: int, compressed: int) -> bool:
    """A ratio above the limit only counts for a few MB or more."""
    if uncompressed <= RATIO_CHECK_ABOVE_BYTES:
        return False
    return uncompressed > MAX_COMPRESSION_RATIO * max(compressed, 1)


def _mb(size: int) -> str:
    """Whole megabytes, as shown to users."""
    return str(round(size / (1024 * 1024)))


def _block_lines(container: _Element, numbering: Numbering) -> Iterator[str]:
    """Lines of a body (or content control) in document order: paragraphs, then table rows."""
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            text = Paragraph(child, None).text  # type: ignore[arg-type]  # no parent needed to read text
            label = numbering.label(child) if text.strip() else None
            yield f"{label} {text}" if label else text
        elif child.tag == qn("w:tbl"):
            yield from _table_lines(child)
        elif child.tag == qn("w:sdt"):
            # Content controls (e.g. from templates) wrap ordinary paragraphs and tables.
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _block_lines(content, numbering)


def _table_lines(table: _Element) -> Iterator[str]:
    """One `| cell | cell |` line per table row."""
    for row in table.iterchildren(qn("w:tr")):
        cells = [_cell_text(cell) for cell in _row_cells(row)]
        if cells:
            yield "| " + " | ".join(cells) + " |"


def _row_cells(row: _Element) -> Iterator[_Element]:
    """The row's cells, including those wrapped in content controls."""
    for child in row.iterchildren():
        if child.tag == qn("w:tc"):
            yield child
        elif child.tag == qn("w:sdt"):
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _row_cells(content)


def _cell_text(cell: _Element) -> str:
    """A cell's paragraphs (nested tables included) on one line, so a row stays one line."""
    parts = (Paragraph(p, None).text for p in cell.iter(qn("w:p")))  # type: ignore[arg-type]  # no parent needed to read text
    # Paragraphs of one cell are separate entries (one person per paragraph in an attendance cell).
    return "; ".join(" ".join(part.split()) for part in parts if part.strip())
