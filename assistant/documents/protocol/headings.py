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
# Sub-items ("§ 4 a", "3a.") carry a lower-case letter a–h after the number.
_SUB = r"(?:\s?(?P<sub>[a-h])(?=[\s.:)]|$))?"
# "§ 80Val av justerare": PDF extraction loses the space when the title stands in its own column.
_PARAGRAPH_SIGN = re.compile(
    rf"^(?:[A-ZÅÄÖ]{{1,6}}\s*)?§\s*(?P<num>\d{{1,4}}){_SUB}\s*[.:]?(?:(?:\s+|(?=[A-ZÅÄÖ][a-zåäö]))(?P<title>.*))?$"
)
_SIGN_AFTER = re.compile(rf"^(?P<num>\d{{1,4}}){_SUB}\s*§\s*[.:]?(?:\s+(?P<title>.*))?$")  # "1 §  Val", "4 a § …"
_ARENDE = re.compile(
    rf"^(?:Ärende|Ärendenummer|Punkt|Paragraf)\s+(?:nr\.?\s*)?(?P<num>\d{{1,4}}){_SUB}\s*[.:–-]?(?:\s+(?P<title>.*))?$",
    re.I,
)
_NUMBER_DOT = re.compile(rf"^(?P<num>\d{{1,3}}){_SUB}[.)]\s+(?P<title>\S.*)$")  # "12. Title", "1) Title", "3a. Title"
_NUMBER_SPACE = re.compile(r"^(?P<num>\d{1,3})\s+(?P<title>\S.*)$")
_NUMBER_DOT_ALONE = re.compile(r"^(?P<num>\d{1,3})\.$")  # "2." with its title on the next line
# "SN 57 Val av justerare", "SON 91 …": the body's abbreviation before a bare number ("SN 2022/103"
# is a diarienummer: the slash fails the space after the number).
_PREFIX_NUMBER = re.compile(
    r"^(?:[A-ZÅÄÖ]{2,6}|(?!(?:Nr|Kap|Kl|Sid|Bil|Tel|Den|Dnr|Sida|Punkt)\s)[A-ZÅÄÖ][a-zåäö]{1,3})\s+(?P<num>\d{1,4})"
    r"(?:\s+(?P<title>\S.*))?$"
)  # "SN 57 …", "Sn 49 …", "Fhr 39 …"; alone: margin layout
# "Sn 50 Au 84 Sn 34 Au 57 Budget …": the item's earlier handlings (arbetsutskottet's paragraphs) before its title.
_HISTORY = re.compile(r"^(?:(?:[A-ZÅÄÖ]{2,6}|[A-ZÅÄÖ][a-zåäö]{1,3})\s\d{1,4}\s+)+(?=\S)")
# "2 115 Samverkan om …": the page number glued before the item number by PDF extraction.
_PAGE_GLUED = re.compile(r"^\d{1,3}\s+(?P<num>\d{1,4})\s+(?P<title>\S.*)$")
_CONTINUED = re.compile(r"^\(?forts(?:\.|ättning)?\b", re.I)  # "§ 36 forts." continues § 36

_RANGE_HINT = re.compile(r"(?:Ärenden|Paragrafer|§§)\s*:?\s*§*\s*(\d{1,4})\s*[-–]\s*§*\s*(\d{1,4})", re.I)
_STRONG = 4.0  # the score of § and Ärende headings
_MAX_GAP = 5
_GAP_PENALTY = 1.5
# A jump past _MAX_GAP numbers costs more than two weak headings gain: two bare headings before it (1.5
# each) join the chain only when the header's range vouches for them (tests/data/forms21 t03, A1 harvest).
_JUMP_PENALTY = 3.5
_JUMP_LOOKBACK = 200
_REPEAT_PENALTY = 2.0  # a number written twice (a typo) is still two items, but a weaker chain

_END_OF_ITEMS = re.compile(
    r"^(?:UNDERSKRIFTSSIDA|Underskrifter|Underskriftssida|Vid protokollet|Justeras|Justerat"
    r"|Protokollet justeras|Detta dokument har undertecknats|Signaturer|Signerat|Justering\s*:"
    r"|Rätt utdraget intygar|Utdraget bestyrks|Vid anteckningarna|Antecknat av|Vid pennan)",
    re.I,
)


@dataclass(frozen=True)
class Heading:
    """A chosen item heading: where it stands and what it says."""

    index: int
    number: int
    sub: str  # "" or the letter of a sub-item ("a" in "§ 4 a")
    number_text: str
    title: str
    kind_label: ItemKind | None
    table: bool
    score: float
    extra: str = ""  # the rest of a table row that is not the kind: a decision or a note


def table_cells(text: str) -> list[str] | None:
    """The cells of a table row (markdown pipes, or tabs from a Word or Excel export), or None."""
    s = _LEADING_MARKS.sub("", text.strip())
    if m := _TABLE_ROW.match(s):
        return [cell.strip() for cell in m.group(1).split("|")]
    if "\t" in s:
        cells = [cell.strip() for cell in s.split("\t")]
        if sum(1 for cell in cells if cell) >= 2:
            return cells
    return None


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
        if len(cells) >= 2 and re.fullmatch(r"(?:[A-ZÅÄÖ]{1,6}\s*)?§?\s*\d{1,4}", cells[0]) and cells[1]:
            rest = [c for c in cells[2:] if c]
            kind = KIND_LABELS.get(rest[0].lower()) if len(rest) == 1 else None
            extra = "" if kind else " ".join(rest)
            number = int(re.sub(r"\D", "", cells[0]))
            # A Word table cell's paragraphs arrive joined by "; ": the first is the title, the rest is text.
            title, _, more = cells[1].partition("; ")
            extra = "; ".join(x for x in (more, extra) if x)
            return Heading(index, number, "", str(number), title, kind, True, 3.0, extra)
        return None
    s = _LEADING_MARKS.sub("", normalise_line(s))  # "**§ 5 Val av justerare**", "## § 5 …"
    for pattern, score, needs_capital in (
        (_PARAGRAPH_SIGN, _STRONG, False),
        (_SIGN_AFTER, _STRONG, False),
        (_ARENDE, _STRONG, False),
        (_PREFIX_NUMBER, 2.5, True),
        (_NUMBER_DOT, 2.0, True),
        (_NUMBER_DOT_ALONE, 1.5, True),
        (_PAGE_GLUED, 1.5, True),
        (_NUMBER_SPACE, 1.5, True),
    ):
        m = pattern.match(s)
        if not m:
            continue
        title = _HISTORY.sub("", (m.groupdict().get("title") or "").strip())
        if _CONTINUED.match(title):
            return None
        if needs_capital and title and not (title[:1].isupper() or title[:1] in '"”“('):
            return None
        if pattern in (_ARENDE, _SIGN_AFTER) and title[:1].islower():
            return None  # "Punkt 17 flyttas upp i föredragningslistan": prose about an item, not its heading
        if needs_capital and not title and pattern not in (_PREFIX_NUMBER, _NUMBER_DOT_ALONE):
            continue
        if needs_capital and re.match(r"^\d", title):
            continue  # "2 115 Samverkan": not item 2, perhaps item 115 after a page number
        title, kind = split_kind(title)
        if len(title) > 200:
            score -= 1.0
        if title.endswith(".") and pattern in (_NUMBER_DOT, _NUMBER_SPACE):
            score -= 1.0
        groups = m.groupdict()
        sub = groups.get("sub") or ""
        number_text = m.group("num") + (f" {sub}" if sub and f"{m.group('num')} {sub}" in s else sub)
        return Heading(index, int(m.group("num")), sub, number_text, title, kind, False, score)
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
    # The best chain so far ending on each number, and on each (number, sub-item): candidates
    # are visited in document order, so predecessors are found by lookup, not by a scan.
    by_number: dict[int, int] = {}
    by_key: dict[tuple[int, str], int] = {}
    for i, c in enumerate(candidates):
        options = [
            (by_number.get(c.number - gap), _GAP_PENALTY * (gap - 1 + (1 if c.sub else 0)))
            for gap in range(1, _MAX_GAP + 1)
        ]
        if c.sub:  # "§ 4 a" follows § 4, "§ 4 b" follows § 4 a
            options.append((by_key.get((c.number, chr(ord(c.sub) - 1) if c.sub != "a" else "")), 0.0))
        options.append((by_key.get((c.number, c.sub)), _REPEAT_PENALTY))
        # A longer jump: items kept in a separate (secret) protocol leave a gap ("174", then "184").
        jump = [j for j in range(max(0, i - _JUMP_LOOKBACK), i) if c.number - _MAX_GAP > candidates[j].number]
        if jump:
            options.append((max(jump, key=best.__getitem__), _JUMP_PENALTY))
        best_score, best_prev = worth(c), -1
        for j, penalty in options:
            if j is not None and best[j] + worth(c) - penalty > best_score:
                best_score, best_prev = best[j] + worth(c) - penalty, j
        best.append(best_score)
        previous.append(best_prev)
        if (k := by_key.get((c.number, c.sub))) is None or best_score > best[k]:
            by_key[(c.number, c.sub)] = i
        if (k := by_number.get(c.number)) is None or best_score > best[k]:
            by_number[c.number] = i
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
    candidates = _without_contents([c for i, line in enumerate(lines) if (c := _candidate(line, i))], lines)
    strong = [c for c in candidates if c.score >= _STRONG]
    if len({c.number for c in strong}) >= 2:
        candidates = [c for c in candidates if c.score >= _STRONG or c.table]
    chain = _best_chain(candidates, _range_hint(lines))
    return sorted(chain + _out_of_order(strong, chain), key=lambda h: h.index)


def _without_contents(candidates: list[Heading], lines: Sequence[Line]) -> list[Heading]:
    """The candidates less a table of contents: headings listed one after another with no text between
    them, whose numbers stand again later as headings with text (evidence of the items, not items)."""
    later: dict[tuple[int, str], int] = {}
    for c in candidates:
        later[(c.number, c.sub)] = c.index  # the last occurrence of each number
    listed = _listed_in_contents(candidates, lines)
    kept: list[Heading] = []
    for k, c in enumerate(candidates):
        nxt = candidates[k + 1].index if k + 1 < len(candidates) else len(lines)
        bare = all(lines[j].blank or lines[j].furniture for j in range(c.index + 1, nxt))
        if c.index in listed or (bare and later[(c.number, c.sub)] > c.index):
            continue
        kept.append(c)
    return kept


_CONTENTS = re.compile(r"^(?:innehåll|innehållsförteckning|ärendelista|ärendeförteckning)\b", re.I)


def _listed_in_contents(candidates: Sequence[Heading], lines: Sequence[Line]) -> set[int]:
    """Line indexes of the candidates under an "Innehållsförteckning" heading, up to where the numbering
    starts over (the items themselves)."""
    listed: set[int] = set()
    for start in (i for i, line in enumerate(lines) if _CONTENTS.match(normalise_line(line.text))):
        last, block = -1, set[int]()
        for c in candidates:
            if c.index <= start:
                continue
            if c.number <= last:
                listed |= block  # the numbering started over: what came before was the list
                break
            block.add(c.index)
            last = c.number
    return listed


def _out_of_order(strong: Sequence[Heading], chain: Sequence[Heading]) -> list[Heading]:
    """Strong headings the chain skipped because the meeting took them out of order ("Ärende 8" before
    "Ärende 7"): a number the chain lacks, inside its range, with a capitalised title, each once."""
    if len(chain) < 2:
        return []
    have = {(h.number, h.sub) for h in chain}
    low, high = chain[0].number, chain[-1].number
    found: list[Heading] = []
    for c in strong:
        if (c.number, c.sub) not in have and low < c.number < high and c.title[:1].isupper():
            found.append(c)
            have.add((c.number, c.sub))
    return found


def end_of_items(lines: Sequence[Line], after: int) -> int:
    """Index of the first line after the last item that starts the signature part, else len."""
    for i in range(after + 1, len(lines)):
        if _END_OF_ITEMS.match(normalise_line(lines[i].text).lstrip("#- ")):
            return i
    return len(lines)


def numbering_doubts(lines: Sequence[Line], headings: Sequence[Heading]) -> list[str]:
    """Swedish warnings where the item numbering read is not what the protocol leads one to expect:
    items out of order, or numbers the header's range ("Paragrafer 42–47") names but no heading has."""
    doubts: list[str] = []
    numbers = [h.number for h in headings]
    for before, after in zip(headings, headings[1:]):
        if after.number < before.number:
            doubts.append(
                f"Ärendena står inte i nummerordning (§ {before.number_text} före § {after.number_text}); "
                "kontrollera att båda är egna ärenden."
            )
    hint = _range_hint(lines)
    if hint and numbers and hint[1] - hint[0] < 200:
        missing = [n for n in range(hint[0], hint[1] + 1) if n not in numbers]
        if missing and len(missing) < hint[1] - hint[0] + 1:
            shown = ", ".join(f"§ {n}" for n in missing[:5]) + (" …" if len(missing) > 5 else "")
            doubts.append(
                f"Protokollet anger paragraferna {hint[0]}–{hint[1]}, men {shown} hittades inte som egna ärenden "
                "(sekretess, eller en rubrik som inte gick att läsa)."
            )
    return doubts
