"""Finding where each item (ärende, paragraf) of a protocol starts.

Protocols number their items in many ways, sometimes several in one file: `§ 12 Title`,
`§12`, `Ärende 12`, `12. Title`, `12 Title Beslut`, `- 12 Title`, table rows
`| 12 | Title | Beslut |`. Numbered lists inside items ("1. genomförande av …") and
numbers in running text look the same line by line. So every line that *could* be a
heading becomes a candidate, and the headings are chosen as the best-scoring chain of
consecutive numbers (dynamic programming), which a list inside an item cannot beat.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.documents.lines import Line, normalise_line
from assistant.documents.models import ItemKind

KIND_LABELS: dict[str, ItemKind] = {
    "beslut": "beslut",
    "beslutsärende": "beslut",
    "information": "information",
    "informationsärende": "information",
    "informationspunkt": "information",
    "anmälningsärende": "information",
}
_TRAILING_KIND = re.compile(r"\s+(Beslut|Information|Beslutsärende|Informationsärende)\s*$")
_TABLE_ROW = re.compile(r"^\|(.*)\|\s*$")
_TABLE_RULE_CELL = re.compile(r"^:?-{2,}:?$")
_LEADING_MARKS = re.compile(r"^(?:#{1,6}\s+|[-–•*]\s+)")

# Candidate heading forms, strongest first. Titles of the weaker forms must start with a
# capital letter: list entries and running text rarely do after a bare number.
# "§ 12", "§12", and with the body's abbreviation in front: "KS § 12", "VON § 34".
_PARAGRAPH_SIGN = re.compile(r"^(?:[A-ZÅÄÖ]{1,6}\s*)?§\s*(\d{1,4})\s*[.:]?(?:\s+(.*))?$")
_ARENDE = re.compile(r"^(?:Ärende|Ärendenummer|Punkt)\s+(?:nr\.?\s*)?(\d{1,3})\s*[.:–-]?(?:\s+(.*))?$", re.I)
_NUMBER_DOT = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_NUMBER_SPACE = re.compile(r"^(\d{1,3})\s+(\S.*)$")

_RANGE_HINT = re.compile(r"(?:Ärenden|Paragrafer|§§)\s*:?\s*§*\s*(\d{1,4})\s*[-–]\s*§*\s*(\d{1,4})", re.I)
_STRONG = 4.0  # the score of § and Ärende headings
_MAX_GAP = 5
_GAP_PENALTY = 1.5

_END_OF_ITEMS = re.compile(
    r"^(?:UNDERSKRIFTSSIDA|Underskrifter|Underskriftssida|Vid protokollet|Justeras|Justerat"
    r"|Protokollet justeras|Detta dokument har undertecknats|Signaturer|Signerat|Justering\s*:)",
    re.I,
)


@dataclass(frozen=True)
class Heading:
    """A chosen item heading: where it stands and what it says."""

    index: int
    number: int
    number_text: str
    title: str
    kind_label: ItemKind | None
    table: bool
    score: float
    extra: str = ""  # the rest of a table row that is not the kind: a decision or a note


def table_cells(text: str) -> list[str] | None:
    """The cells of a markdown/extracted table row, or None when the line is not one."""
    s = _LEADING_MARKS.sub("", text.strip())
    m = _TABLE_ROW.match(s)
    if not m:
        return None
    return [cell.strip() for cell in m.group(1).split("|")]


def is_table_rule(cells: Sequence[str]) -> bool:
    """A `|---|---|` separator row (or an empty row), which carries no content."""
    return all(not c or _TABLE_RULE_CELL.match(c) for c in cells)


def split_kind(title: str) -> tuple[str, ItemKind | None]:
    """Split a trailing kind word ("… Beslut") off a heading's title."""
    title = title.replace("\u00ad", "")
    m = _TRAILING_KIND.search(title)
    if m and m.start() > 0:
        return title[: m.start()].strip(), KIND_LABELS[m.group(1).lower()]
    return title.strip(), None


def kind_label(text: str) -> ItemKind | None:
    """The kind when a whole line is a kind label such as "Informationsärende"."""
    return KIND_LABELS.get(text.strip().strip(":").lower())


def _candidate(line: Line, index: int) -> Heading | None:
    s = line.stripped
    if not s or line.furniture:
        return None
    cells = table_cells(s)
    if cells is not None:
        if len(cells) >= 2 and re.fullmatch(r"§?\s*\d{1,4}", cells[0]) and cells[1]:
            rest = [c for c in cells[2:] if c]
            kind = KIND_LABELS.get(rest[0].lower()) if len(rest) == 1 else None
            extra = "" if kind else " ".join(rest)
            number = int(re.sub(r"\D", "", cells[0]))
            return Heading(index, number, str(number), cells[1], kind, True, 3.0, extra)
        return None
    s = _LEADING_MARKS.sub("", s)
    for pattern, score, needs_capital in (
        (_PARAGRAPH_SIGN, _STRONG, False),
        (_ARENDE, _STRONG, False),
        (_NUMBER_DOT, 2.0, True),
        (_NUMBER_SPACE, 1.5, True),
    ):
        m = pattern.match(s)
        if not m:
            continue
        title = (m.group(2) or "").strip()
        if needs_capital and not (title[:1].isupper() or title[:1] in '"”“('):
            return None
        if needs_capital and re.match(r"^\d", title):
            return None
        title, kind = split_kind(title)
        if len(title) > 200:
            score -= 1.0
        if title.endswith(".") and pattern in (_NUMBER_DOT, _NUMBER_SPACE):
            score -= 1.0
        number = int(m.group(1))
        return Heading(index, number, m.group(1), title, kind, False, score)
    return None


def _range_hint(lines: Sequence[Line]) -> tuple[int, int] | None:
    for line in lines[:200]:
        m = _RANGE_HINT.search(line.text)
        if m:
            low, high = int(m.group(1)), int(m.group(2))
            if low <= high:
                return low, high
    return None


def _best_chain(candidates: list[Heading], hint: tuple[int, int] | None) -> list[Heading]:
    """The highest-scoring sequence of candidates whose numbers increase by small steps."""
    if not candidates:
        return []

    def worth(c: Heading) -> float:
        bonus = 1.0 if hint and hint[0] <= c.number <= hint[1] else 0.0
        return c.score + bonus

    best: list[float] = []
    previous: list[int] = []
    # The best chain so far that ends on each item number: candidates are visited in
    # document order, so a lookup by number finds the best predecessor in O(_MAX_GAP).
    best_ending: dict[int, int] = {}
    for i, c in enumerate(candidates):
        best_score, best_prev = worth(c), -1
        for gap in range(1, _MAX_GAP + 1):
            j = best_ending.get(c.number - gap)
            if j is not None:
                score = best[j] + worth(c) - _GAP_PENALTY * (gap - 1)
                if score > best_score:
                    best_score, best_prev = score, j
        best.append(best_score)
        previous.append(best_prev)
        k = best_ending.get(c.number)
        if k is None or best_score > best[k]:
            best_ending[c.number] = i
    end = max(range(len(candidates)), key=lambda k: best[k])
    chain: list[Heading] = []
    while end >= 0:
        chain.append(candidates[end])
        end = previous[end]
    return chain[::-1]


def find_headings(lines: Sequence[Line]) -> list[Heading]:
    """The item headings of a protocol, in order.

    A protocol that numbers its items with § or "Ärende" does so throughout, so once it
    does, a bare "2." is a list entry even where the § numbering skips a number (an item
    kept in a separate, confidential protocol).
    """
    candidates = [c for i, line in enumerate(lines) if (c := _candidate(line, i))]
    strong = [c for c in candidates if c.score >= _STRONG]
    if len({c.number for c in strong}) >= 2:
        candidates = [c for c in candidates if c.score >= _STRONG or c.table]
    return _best_chain(candidates, _range_hint(lines))


def end_of_items(lines: Sequence[Line], after: int) -> int:
    """Index of the first line after the last item that starts the signature part, else len."""
    for i in range(after + 1, len(lines)):
        if _END_OF_ITEMS.match(normalise_line(lines[i].text).lstrip("#- ")):
            return i
    return len(lines)
