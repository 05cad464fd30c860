"""A document the loaders or the parser refused, as an HTTP status and a Swedish message.

The wrong kind of file (binary data called .txt, a PNG called .pdf) is 415, a file over the
size limit 413, and everything else the parser says (empty, scanned, encrypted, not a
protocol) 422: the file is of the right type but holds nothing we can index.
"""

from __future__ import annotations

from assistant.documents import DocumentError
from assistant.documents.loaders import docx, html, pdf, text
from assistant.server.documents.documents_errors import DocumentRejected

_WRONG_TYPE = {pdf.NOT_PDF_REASON, docx.NOT_DOCX_REASON, docx.OLE_REASON, text.BINARY_REASON, html.BINARY_REASON}
_TOO_LARGE = "filen är för stor"


def status_of(reason: str) -> int:
    if reason in _WRONG_TYPE or reason.startswith("filtypen"):
        return 415
    if reason.startswith(_TOO_LARGE):
        return 413
    return 422


def rejection(error: DocumentError, name: str) -> DocumentRejected:
    """The upload's refusal; names the file as the user called it, never a server path."""
    return DocumentRejected(f"«{name}» kunde inte läsas in: {error.reason}.", status_of(error.reason))


def size_text(size: int) -> str:
    """A size for users with a Swedish decimal comma: "12,5 MB", "300 kB", "12 byte"."""
    if size >= 1024 * 1024:
        value, unit = size / (1024 * 1024), "MB"
    elif size >= 1024:
        value, unit = size / 1024, "kB"
    else:
        return f"{size} byte"
    return f"{value:.1f}".removesuffix(".0").replace(".", ",") + f" {unit}"
