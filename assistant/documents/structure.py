"""The coarser structures a document falls back to, and what stands outside its items.

No readable document is refused for its structure: when neither numbered items nor numbered
sections are found, a document is read at the finest level its text supports,

- **headings**: unnumbered headings (markdown `#`, or short title lines that open a paragraph
  and are followed by text), each heading with its text a unit cited by its title;
- **passages**: pages when the text has them (cited `s. 3`), else runs of paragraphs of a few
  hundred words (cited `stycke 4`), cut where a sentence ends.

And no text is lost at any level: what stands before the first item or section and after the
last (a title page, a header, a signature page, a second document pasted after the first) is
either the meeting's own record (protocols and agendas: the meeting node shows it) or an item
of its own (`inledningen`, or passages), so every character outside page and site furniture
belongs to exactly one indexed unit.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from assistant.documents.lines import Line, normalise_line, reflow
from assistant.documents.models import Item

# A passage of about this many characters: the length of a typical protocol item in corpus/
# (median 900-1,400 characters), long enough to carry a fact and its context, short enough that
# a citation points near it. Longer units are split into parts at indexing anyway.
PASSAGE_CHARS = 1_200
_PASSAGE_MAX = 2_400  # a single paragraph longer than this is cut where a sentence ends
_HEADING_MAX_CHARS = 90
_HEADING_MAX_WORDS = 12
_MIN_HEADINGS = 2
_MIN_HEADING_TEXT = 80  # the text under a heading must be at least this long on average
_SENTENCE_END = re.compile(r"[.!?:;,]$")
_MARKDOWN = re.compile(r"^\s*#{1,6}\s+\S")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"”(])")


def content_lines(lines: Sequence[Line]) -> list[int]:
    """Indexes of lines with text that is not page or site furniture."""
    return [i for i, line in enumerate(lines) if not line.blank and not line.furniture]


def uncovered(lines: Sequence[Line], items: Sequence[Item]) -> list[int]:
    """Indexes of content lines that no item's span touches, in order."""
    spans = sorted((item.start, item.end) for item in items)
    out: list[int] = []
    k = 0
    for i in content_lines(lines):
        line = lines[i]
        while k < len(spans) and spans[k][1] <= line.start:
            k += 1
        if not (k < len(spans) and spans[k][0] < line.end):
            out.append(i)
    return out


def runs(indexes: Sequence[int]) -> list[list[int]]:
    """Consecutive line indexes grouped into runs ([3, 4, 5, 9] → [[3, 4, 5], [9]])."""
    groups: list[list[int]] = []
    for i in indexes:
        if groups and i == groups[-1][-1] + 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def record(lines: Sequence[Line], indexes: Sequence[int]) -> tuple[str, list[tuple[int, int]]]:
    """The text of some lines as paragraphs, and their spans (one per run of adjacent lines)."""
    if not indexes:
        return "", []
    text = reflow(lines[i].text for i in _with_gaps(lines, indexes))
    spans = [(lines[run[0]].start, lines[run[-1]].end) for run in _spread_runs(lines, indexes)]
    return text, spans


def _spread_runs(lines: Sequence[Line], indexes: Sequence[int]) -> list[list[int]]:
    """Runs of content lines, blank and furniture lines between them not breaking a run."""
    groups: list[list[int]] = []
    for i in indexes:
        if groups and all(lines[j].blank or lines[j].furniture for j in range(groups[-1][-1] + 1, i)):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _with_gaps(lines: Sequence[Line], indexes: Sequence[int]) -> list[int]:
    """The indexes with a blank line kept between runs, so paragraphs stay apart when reflowed."""
    out: list[int] = []
    for i in indexes:
        if out and i != out[-1] + 1:
            out.extend(j for j in range(out[-1] + 1, i) if lines[j].blank)
        out.append(i)
    return out


# --- headings -------------------------------------------------------------------------


def _is_heading(lines: Sequence[Line], i: int, next_content: int | None) -> bool:
    raw = lines[i].text
    s = normalise_line(raw)
    if not s or next_content is None:
        return False
    if _MARKDOWN.match(raw):
        return True
    before_blank = i == 0 or lines[i - 1].blank or lines[i - 1].page != lines[i].page
    following = normalise_line(lines[next_content].text)
    return (
        before_blank
        and len(s) <= _HEADING_MAX_CHARS
        and len(s.split()) <= _HEADING_MAX_WORDS
        and s[0].isupper()
        and not _SENTENCE_END.search(s)
        and not s.startswith("- ")
        and len(following) > len(s)
        and not re.search(r"\d{4}-\d{2}-\d{2}|\d+\s*\(\d+\)", s)  # dates and page counters are not headings
    )


def heading_items(lines: Sequence[Line]) -> list[Item]:
    """Units under unnumbered headings, or [] when the text does not read as headed parts."""
    content = content_lines(lines)
    nxt = {a: b for a, b in zip(content, content[1:])}
    heads = [i for i in content if _is_heading(lines, i, nxt.get(i))]
    heads = [i for k, i in enumerate(heads) if k == 0 or nxt.get(heads[k - 1]) != i]  # not two in a row
    if len(heads) < _MIN_HEADINGS:
        return []
    items: list[Item] = []
    stops = heads[1:] + [len(lines)]
    for n, (head, stop) in enumerate(zip(heads, stops), start=1):
        body = [j for j in content if head < j < stop]
        title = normalise_line(lines[head].text)
        text = reflow(lines[j].text for j in _with_gaps(lines, body))
        end = lines[body[-1]].end if body else lines[head].end
        items.append(_unit(str(n), title, text, lines[head].start, end, f"avsnittet «{_short(title)}»"))
    if sum(len(item.text) for item in items) / len(items) < _MIN_HEADING_TEXT:
        return []
    return items


def _short(title: str, words: int = 6) -> str:
    parts = title.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _unit(number: str, title: str, text: str, start: int, end: int, cited_as: str) -> Item:
    return Item(
        number=number, title=title, kind="avsnitt", text=text, cited_as=cited_as, numbered=False, start=start, end=end
    )


# --- passages -------------------------------------------------------------------------


def passage_items(lines: Sequence[Line], indexes: Sequence[int] | None = None, *, first: int = 1) -> list[Item]:
    """The content lines (all, or `indexes`) as passages: one per page when the text has pages,
    else paragraphs gathered to about `PASSAGE_CHARS`; numbered from `first`."""
    chosen = list(content_lines(lines) if indexes is None else indexes)
    if not chosen:
        return []
    pages = {lines[i].page for i in chosen}
    if len(pages) > 1:
        return _by_page(lines, chosen)
    return _by_paragraph(lines, chosen, first)


def _by_page(lines: Sequence[Line], chosen: Sequence[int]) -> list[Item]:
    items: list[Item] = []
    for page in sorted({lines[i].page for i in chosen}):
        on_page = [i for i in chosen if lines[i].page == page]
        text = reflow(lines[i].text for i in _with_gaps(lines, on_page))
        title = _short(text.split("\n", 1)[0], 10)
        items.append(
            _unit(f"s{page + 1}", title, text, lines[on_page[0]].start, lines[on_page[-1]].end, f"s. {page + 1}")
        )
    return items


def _pieces(lines: Sequence[Line], chosen: Sequence[int]) -> list[tuple[int, int, str]]:
    """Paragraphs as (start, end, text); a paragraph too long for one passage cut at sentence ends."""
    pieces: list[tuple[int, int, str]] = []
    for run in _paragraph_runs(lines, chosen):
        start, end = lines[run[0]].start, lines[run[-1]].end
        text = reflow(lines[i].text for i in run)
        if len(text) <= _PASSAGE_MAX:
            pieces.append((start, end, text))
            continue
        # A flattened page is one line: cut it where sentences end, keeping offsets into the line.
        for line_index in run:
            line = lines[line_index]
            cut = line.start
            for sentence_start in _sentence_cuts(line.text):
                at = line.start + sentence_start
                if at - cut >= PASSAGE_CHARS:
                    pieces.append((cut, at, normalise_line(line.text[cut - line.start : sentence_start])))
                    cut = at
            pieces.append((cut, line.end, normalise_line(line.text[cut - line.start :])))
    return [p for p in pieces if p[2]]


def _sentence_cuts(text: str) -> list[int]:
    return [m.end() for m in _SENTENCE_BREAK.finditer(text)]


def _paragraph_runs(lines: Sequence[Line], chosen: Sequence[int]) -> list[list[int]]:
    """Chosen lines grouped into paragraphs: a blank line (or a gap) ends one."""
    groups: list[list[int]] = []
    for i in chosen:
        if groups and i == groups[-1][-1] + 1:
            groups[-1].append(i)
        elif groups and all(lines[j].furniture for j in range(groups[-1][-1] + 1, i)):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _by_paragraph(lines: Sequence[Line], chosen: Sequence[int], first: int) -> list[Item]:
    items: list[Item] = []
    start = end = -1
    texts: list[str] = []

    def close() -> None:
        n = first + len(items)
        text = "\n".join(texts)
        items.append(_unit(f"p{n}", _short(text.split("\n", 1)[0], 10), text, start, end, f"stycke {n}"))

    for p_start, p_end, p_text in _pieces(lines, chosen):
        if texts and sum(len(t) for t in texts) + len(p_text) > PASSAGE_CHARS:
            close()
            texts = []
        if not texts:
            start = p_start
        texts.append(p_text)
        end = p_end
    if texts:
        close()
    return items


def lost_lines(lines: Sequence[Line], spans: Sequence[tuple[int, int]]) -> list[int]:
    """Content lines whose characters are not each held by exactly one unit: none, for a document read whole.

    `spans` are every unit's (items', and a meeting record's) offsets. A line may be shared by units that
    cut it where a sentence ends (a flattened page cut into passages), but never held twice or left out."""
    ordered = sorted(spans)
    starts = [start for start, _ in ordered]
    bad: list[int] = []
    for i in content_lines(lines):
        line = lines[i]
        first = max(0, bisect.bisect_right(starts, line.start) - 1)
        # Spans that touch the line: every one starts before its end; nested spans hold twice.
        touching = [(a, b) for a, b in ordered[first:] if a < line.end and b > line.start]
        for (_, b), (c, _) in zip(touching, touching[1:]):
            if c < b:
                bad.append(i)
                break
        else:
            edges = [line.start] + [x for a, b in touching for x in (max(a, line.start), min(b, line.end))] + [line.end]
            gaps = zip(edges[::2], edges[1::2])  # what lies between the units that touch the line
            if any(line.text[a - line.start : b - line.start].strip() for a, b in gaps):
                bad.append(i)
    return bad
