"""Plain text (.txt, .md): bytes to a faithful, normalised string.

Swedish protocols arrive as UTF-8 (with or without BOM), as UTF-16 from Windows
Notepad, or as Windows-1252 from older systems; all must give the same å, ä, ö.
Beyond decoding, only newlines and Unicode composition are normalised: parsers rely
on the text exactly as written (indentation, blank lines, trailing spaces).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from assistant.documents.errors import DocumentError

BINARY_REASON = "filen verkar vara binär och inte text"

# Text with more than this share of control characters is taken for binary data.
_MAX_CONTROL_SHARE = 0.05
# Control characters that do occur in real text files.
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Every C0/C1 control character except tab, newline, vertical tab, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Longest BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes, source: Path) -> str:
    """Decode a text file's bytes; DocumentError if they are not text."""
    bom = bom_encoding(data)
    if bom is not None:
        encoding, bom_length = bom
        # The BOM is an explicit declaration: keep the file even if a byte is bad.
        text = data[bom_length:].decode(encoding, errors="replace")
    else:
        if b"\x00" in data:
            raise DocumentError(source, BINARY_REASON)
        text = decode_unmarked(data)
    ensure_not_binary(text, source)
    return normalise(text)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding declared by a byte order mark and the BOM's length, if there is one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def decode_unmarked(data: bytes) -> str:
    """Decode bytes without a BOM: strict UTF-8, else Windows-1252 (never fails)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="_assistant_latin1_fallback")


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    """Map the five bytes Windows-1252 leaves undefined to their Latin-1 code points.

    They become C1 control characters, so the binary check counts them instead of
    the file failing to decode.
    """
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("latin-1"), error.end


codecs.register_error("_assistant_latin1_fallback", _latin1_fallback)


def ensure_not_binary(text: str, source: Path) -> None:
    """Refuse text that is mostly control characters: it is binary data read as text."""
    if "\x00" in text:
        raise DocumentError(source, BINARY_REASON)
    if not text:
        return
    controls = len(_CONTROL.findall(text))
    if controls / len(text) > _MAX_CONTROL_SHARE:
        raise DocumentError(source, BINARY_REASON)


def normalise(text: str) -> str:
    """Newlines to LF, Unicode to NFC (a decomposed å becomes one å), and invisible characters
    that split words (zero-width spaces, word joiners, soft hyphens, stray BOMs) removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))


_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
# A line of nothing but links ("- [Start](/)", "[Lyssna](#) | [Sök](/sok)", "Du är här: [Start](/) › …"):
# a saved web page's menu, breadcrumbs or skip link, never the document's text.
_LINKS_ONLY = re.compile(r"^\s*(?:[-*+]\s+)?(?:[\w ]{0,20}:\s*)?(?:\[[^\]\n]*\]\([^)\n]*\)[\s|›»>/·-]*)+$")


def decode_markdown(data: bytes, source: Path) -> str:
    """Markdown as text: links reduced to their words, lines of links only (site navigation) and images dropped."""
    lines = decode_text(data, source).split("\n")
    kept = ["" if _LINKS_ONLY.match(line) else _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", line)) for line in lines]
    return "\n".join(kept)
