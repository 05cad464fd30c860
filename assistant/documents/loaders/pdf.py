"""PDF: the text layer, page by page, via pypdf.

Pages are joined with a form-feed line (PAGE_BREAK) so later code can find the
running headers and footers every page repeats. Scanned PDFs have no text layer;
they get a clear error instead of an empty document, because silently indexing
nothing would make the assistant answer "not found" for a protocol it has.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

from assistant.documents.errors import DocumentError
from assistant.documents.loaders.text import normalise

PAGE_BREAK = "\n\f\n"

NOT_PDF_REASON = "filen har ändelsen .pdf men är ingen PDF-fil"
ENCRYPTED_REASON = "PDF-filen är lösenordsskyddad; spara en kopia utan lösenord och försök igen"
UNSUPPORTED_ENCRYPTION_REASON = (
    "PDF-filen är krypterad på ett sätt som inte stöds; spara en kopia utan kryptering och försök igen"
)
SCANNED_REASON = (
    "PDF-filen saknar textlager och är troligen inskannad; den behöver först OCR-behandlas (textigenkänning)"
)
CORRUPT_REASON = "PDF-filen är skadad och kan inte läsas"
TOO_COMPLEX_REASON = "PDF-filen innehåller orimligt stora komprimerade data och läses inte"
NO_PAGES_REASON = "PDF-filen innehåller inga sidor"

# Acrobat accepts the header anywhere in the first kilobyte; so do we.
_HEADER_WINDOW = 1024


def looks_like_pdf(data: bytes) -> bool:
    """True if the bytes carry a PDF header, whatever the file is called."""
    return b"%PDF-" in data[:_HEADER_WINDOW]


def extract_pdf(data: bytes, source: Path) -> str:
    """The text of every page, joined with PAGE_BREAK; DocumentError on any failure."""
    if not looks_like_pdf(data):
        raise DocumentError(source, NOT_PDF_REASON)
    try:
        pages = _page_texts(data, source)
    except DocumentError:
        raise
    except DependencyError as exc:
        # pypdf needs an optional crypto package for AES; without it we cannot decrypt.
        raise DocumentError(source, UNSUPPORTED_ENCRYPTION_REASON) from exc
    except LimitReachedError as exc:
        raise DocumentError(source, TOO_COMPLEX_REASON) from exc
    except Exception as exc:  # noqa: BLE001
        # Broken files surface from pypdf as PyPdfError but also as zlib.error,
        # struct.error, KeyError, RecursionError...: all mean the same to a user.
        raise DocumentError(source, CORRUPT_REASON) from exc
    if not pages:
        raise DocumentError(source, NO_PAGES_REASON)
    if all(not page.strip() for page in pages):
        raise DocumentError(source, SCANNED_REASON)
    return normalise(PAGE_BREAK.join(pages))


def _page_texts(data: bytes, source: Path) -> list[str]:
    """Open (decrypting if needed) and extract each page's text with the chosen backend."""
    return PAGE_TEXTS[BACKEND](data, source)


def _pypdf_pages(data: bytes, source: Path) -> list[str]:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        _decrypt_without_password(reader, source)
    return [page.extract_text() or "" for page in reader.pages]


def _pdfplumber_pages(data: bytes, source: Path) -> list[str]:
    import pdfplumber  # optional: only `eval/compare_pdf.py` reads with it

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _pymupdf_pages(data: bytes, source: Path) -> list[str]:
    import pymupdf  # optional: only `eval/compare_pdf.py` reads with it

    with pymupdf.open(stream=data, filetype="pdf") as pdf:
        return [page.get_text("text", sort=True) for page in pdf]


# Text extraction backends, compared on generated protocol layouts by eval/compare_pdf.py
# (table in eval/RESULTS.md, "PDF text extraction"). BACKEND is the one the loader uses.
PAGE_TEXTS = {"pypdf": _pypdf_pages, "pdfplumber": _pdfplumber_pages, "pymupdf": _pymupdf_pages}
BACKEND = "pypdf"


def _decrypt_without_password(reader: PdfReader, source: Path) -> None:
    """Open PDFs that only have an owner password (the empty user password works)."""
    try:
        opened = reader.decrypt("")
    except DependencyError:
        raise
    except PyPdfError as exc:
        raise DocumentError(source, ENCRYPTED_REASON) from exc
    if not opened:
        raise DocumentError(source, ENCRYPTED_REASON)
