"""HTML (.html, .htm): visible text with block structure kept as lines.

Municipal protocols are often published as HTML pages. Block elements become line
breaks and table rows become `| a | b |` lines, so the text reads like the same
protocol loaded from PDF or Word and the same parsers work on it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, Tag
from bs4.element import CData, ProcessingInstruction

from assistant.documents.errors import DocumentError
from assistant.documents.loaders.text import (
    bom_encoding,
    decode_unmarked,
    ensure_not_binary,
    normalise,
)

BINARY_REASON = "filen verkar vara binär och inte HTML"
UNPARSABLE_REASON = "HTML-filen kunde inte tolkas"

# Never document text. `nav` is a site's menu or breadcrumbs; a page-level header or footer (see
# `_is_site_chrome`) is the site's, while one inside an <article> or <main> belongs to the document.
_DROPPED = frozenset({"script", "style", "head", "noscript", "template", "svg", "iframe", "object", "nav"})
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "ul",
    }
)
_CELLS = frozenset({"td", "th"})
_NOT_TEXT = (Comment, Declaration, Doctype, CData, ProcessingInstruction)

# The HTML standard looks for the charset declaration in the first kilobyte.
_SNIFF_WINDOW = 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def extract_html(data: bytes, source: Path) -> str:
    """The page's visible text, one block per line; DocumentError if it is not HTML."""
    if b"\x00" in data and bom_encoding(data) is None:
        raise DocumentError(source, BINARY_REASON)
    markup = decode_html(data)
    try:
        ensure_not_binary(markup, source)
    except DocumentError as exc:
        raise DocumentError(source, BINARY_REASON) from exc
    try:
        soup = BeautifulSoup(markup, "html.parser")
        lines = _Lines()
        _walk(soup, lines)
    except Exception as exc:  # noqa: BLE001
        # html.parser and bs4 raise assorted errors on pathological markup.
        raise DocumentError(source, UNPARSABLE_REASON) from exc
    return normalise(lines.text())


def decode_html(data: bytes) -> str:
    """Decode by BOM, then the meta charset, then the plain-text rules."""
    bom = bom_encoding(data)
    if bom is not None:
        encoding, length = bom
        return data[length:].decode(encoding, errors="replace")
    declared = declared_charset(data)
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # The declaration is wrong; fall back to guessing.
    return decode_unmarked(data)


def declared_charset(data: bytes) -> str | None:
    """The Python codec for a `<meta charset>` / http-equiv declaration, if usable."""
    match = _META_CHARSET.search(data[:_SNIFF_WINDOW])
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # A BOM-less page declaring UTF-16 is ASCII-compatible: the standard says UTF-8.
    if name in {"latin-1", "iso8859-1", "ascii"}:
        return "cp1252"  # Browsers read these labels as Windows-1252; so do we.
    return name


class _Lines:
    """Accumulates inline text into lines; block boundaries end the current line."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._current: list[str] = []

    def add(self, text: str) -> None:
        self._current.append(text)

    def soft_break(self) -> None:
        """End the line if it has text (a block boundary)."""
        line = " ".join("".join(self._current).split())
        if line:
            self._lines.append(line)
        self._current = []

    def hard_break(self) -> None:
        """End the line even if empty (a <br>)."""
        self._lines.append(" ".join("".join(self._current).split()))
        self._current = []

    def add_line(self, line: str) -> None:
        """A complete line (a table row, a line of <pre>), on its own."""
        self.soft_break()
        self._lines.append(line)

    def text(self) -> str:
        self.soft_break()
        return "\n".join(self._lines)


class _BlockEnd:
    """Stack marker: the walk is leaving a block element."""


def _walk(root: Tag, lines: _Lines) -> None:
    """Depth-first without recursion: deeply nested pages must not hit the recursion limit."""
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, _BlockEnd):
            lines.soft_break()
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                lines.add(str(node))
            continue
        if not isinstance(node, Tag) or node.name in _DROPPED or _is_site_chrome(node):
            continue
        name = node.name
        if name == "br":
            lines.hard_break()
        elif name == "tr":
            row = _row_line(node)
            if row:
                lines.add_line(row)
            else:
                lines.soft_break()
        elif name == "pre":
            # Preformatted text keeps its own lines and spacing.
            lines.soft_break()
            for line in _visible_text(node).strip("\n").split("\n"):
                lines.add_line(line)
        else:
            if name in _BLOCKS:
                lines.soft_break()
                stack.append(_BlockEnd())
            stack.extend(reversed(node.contents))


def _row_line(row: Tag) -> str:
    """`| a | b |` for the row's own cells (not those of tables nested inside them)."""
    cells = row.find_all(_CELLS, recursive=False)
    texts = [" ".join(_visible_text(cell).split()) for cell in cells]
    return "| " + " | ".join(texts) + " |" if texts else ""


def _visible_text(tag: Tag) -> str:
    """Text under a tag, without scripts, styles or comments."""
    return "".join(_visible_strings(tag))


def _visible_strings(tag: Tag) -> Iterator[str]:
    for string in tag.find_all(string=True):
        if isinstance(string, _NOT_TEXT):
            continue
        if any(
            parent.name in _DROPPED or _is_site_chrome(parent) for parent in string.parents if isinstance(parent, Tag)
        ):
            continue
        yield str(string)


def _is_site_chrome(tag: Tag) -> bool:
    """The site's, not the document's: a page's own <header>, <footer> or <aside> (not one inside an
    <article> or <main>), a list of nothing but links (a menu), and a link standing alone outside
    any paragraph (a skip link)."""
    if tag.name in ("ul", "ol"):
        entries = tag.find_all("li", recursive=False)
        return bool(entries) and all(_only_a_link(li) for li in entries)
    if tag.name == "a":
        return isinstance(tag.parent, Tag) and tag.parent.name in ("body", "div", "header")
    if tag.name not in ("header", "footer", "aside"):
        return False
    return not any(parent.name in ("article", "main") for parent in tag.parents if isinstance(parent, Tag))


def _only_a_link(entry: Tag) -> bool:
    links = entry.find_all("a")
    return len(links) == 1 and links[0].get_text(" ", strip=True) == entry.get_text(" ", strip=True)
