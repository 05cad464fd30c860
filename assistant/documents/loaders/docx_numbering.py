"""Word's automatic numbering, rendered as Word shows it ("§ 45", "3.2", "a)").

Municipal Word templates often number paragrafer and agreement sections with list
numbering ("§ %1" starting at 45) instead of typed numbers. python-docx gives the text
without the number, which would leave the items unnumbered, so the numbering definitions
are read here and each numbered paragraph gets its label back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from lxml.etree import _Element


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str


def _val(element: _Element | None, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


def _roman(number: int) -> str:
    numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
    out = ""
    for value, numeral in numerals:
        while number >= value:
            out, number = out + numeral, number - value
    return out


def _format(number: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (number - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (number - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(number)
    if fmt == "upperRoman":
        return _roman(number).upper()
    return str(number)


@dataclass
class Numbering:
    """Counts numbered paragraphs in document order and renders their labels."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    style_numbering: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: WordDocument) -> Numbering:
        """The numbering definitions of a document (empty when it has none)."""
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        abstract: dict[str, dict[int, _Level]] = {}
        for node in root.iterchildren(qn("w:abstractNum")):
            levels = {}
            for lvl in node.iterchildren(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                levels[ilvl] = _Level(
                    start=int(_val(lvl, "w:start") or 1),
                    fmt=_val(lvl, "w:numFmt") or "decimal",
                    text=_val(lvl, "w:lvlText") or "",
                )
            abstract[node.get(qn("w:abstractNumId"), "")] = levels
        for num in root.iterchildren(qn("w:num")):
            levels = dict(abstract.get(_val(num, "w:abstractNumId") or "", {}))
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                if (start := _val(override, "w:startOverride")) is not None and ilvl in levels:
                    level = levels[ilvl]
                    levels[ilvl] = _Level(int(start), level.fmt, level.text)
            numbering.levels[num.get(qn("w:numId"), "")] = levels
        numbering._read_styles(document)
        return numbering

    def _read_styles(self, document: WordDocument) -> None:
        for style in document.styles.element.iterchildren(qn("w:style")):
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None and (num_id := _val(num_pr, "w:numId")):
                self.style_numbering[style.get(qn("w:styleId"), "")] = (num_id, int(_val(num_pr, "w:ilvl") or 0))

    def label(self, paragraph: _Element) -> str | None:
        """The rendered number of a paragraph ("§ 45", "3.2."), or None if it is not numbered."""
        p_pr = paragraph.find(qn("w:pPr"))
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        num_id = _val(num_pr, "w:numId")
        ilvl = int(_val(num_pr, "w:ilvl") or 0) if num_pr is not None else 0
        if num_id is None and (style := _val(p_pr, "w:pStyle")) in self.style_numbering:
            num_id, style_ilvl = self.style_numbering[style]
            ilvl = ilvl if num_pr is not None else style_ilvl
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels or num_id == "0":
            return None
        counts = self.counters.setdefault(num_id or "", {})
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else levels[ilvl].start
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]  # a new "3" restarts its "3.1"
        level = levels[ilvl]
        if level.fmt == "bullet":
            return "-"
        text = level.text
        for k in range(ilvl + 1):
            value = counts.get(k, levels[k].start if k in levels else 1)
            fmt = levels[k].fmt if k in levels else "decimal"
            text = text.replace(f"%{k + 1}", _format(value, fmt))
        return text.strip() or None
