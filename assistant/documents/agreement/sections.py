"""The numbered sections of an agreement, which are its citable items.

Agreements (överenskommelser, riktlinjer, rutiner, vägledningar, avtal, policyer,
handlingsplaner) are organised in numbered sections ("3.2.1 Kommunens ansvar") rather
than in ärenden. A citation must name the section exactly, so this module finds the
headings that form the document's real outline and ignores everything else that happens
to start with a number: numbered lists, wrapped sentences, dates, amounts, legal
references and table-of-contents entries.

Line by line these look alike, so every line that *could* be a heading becomes a scored
candidate, and the headings are chosen as the best-scoring chain in which each number is
a valid successor of the previous one (dynamic programming). A list "1. … 2. …" inside
section 3.2 cannot join that chain, and a stray number can only win by displacing a
heading that fits better.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.documents.lines import FUNCTION_WORDS as _FUNCTION_WORDS
from assistant.documents.lines import Line, normalise_line, reflow
from assistant.documents.models import Item

# --- heading candidates ----------------------------------------------------------------

_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s*")
_SECTION = re.compile(
    r"^(?:§\s*)?(?P<num>\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(?P<title>\S.*)$"
)  # "3.1 Ansvar", "§ 3 Ansvar"
_SECTION_SIGN_AFTER = re.compile(r"^(?P<num>\d{1,3})\s?§\s+(?P<title>\S.*)$")  # "2 § Lagstadgade uppgifter"
# "Kapitel 3 Ansvar", "Steg 2 – Förberedelse": the number is the section's number.
_CHAPTER = re.compile(r"^(?:Kapitel|Kap\.|Steg|Moment|Del)\s+(?P<num>\d{1,2})\b\s*[.:–—-]?\s*(?P<title>.*)$", re.I)
_APPENDIX = re.compile(r"^(?P<num>(?i:bilaga)\s+(?:\d{1,2}|[A-Z]))\b(?![.:/-]\w)\s*[.:–—-]?\s*(?P<title>.*)$")
_TRAILING_PAGE_NUMBER = re.compile(r"\s\d{1,3}$")
_DOT_LEADER = re.compile(r"(?:\.{3,}|…+|(?:\.\s){3,}|_{3,})\s*\d{1,3}\s*$")
_TOC_HEADING = re.compile(r"^(?:innehåll|innehållsförteckning)\s*:?$", re.I)
_DATE_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")

_MISSING_PENALTY = 1.5  # per heading the chain would have to skip
_LOOKBACK = 150  # candidates considered as predecessors; bounds the work on huge inputs
_MAX_TITLE = 120


@dataclass(frozen=True)
class _Candidate:
    """A line that could be a section heading, with how heading-like it looks."""

    index: int  # the heading's line index
    last: int  # index of the heading's last line (a wrapped title takes two)
    number: str  # as written, without trailing dot: "3.2.1", "Bilaga 1"
    key: tuple[int, ...]  # numeric parts of a section number; () for an appendix
    appendix: int | None  # appendix number (Bilaga A counts as 1)
    title: str
    score: float
    cited_as: str | None = None


@dataclass(frozen=True)
class _Shape:
    """What a line says if it is read as a heading, before any scoring."""

    number: str
    key: tuple[int, ...]
    appendix: int | None
    title: str
    markdown: bool
    cited_as: str | None = None  # "2 §" or "§ 2" when the section is numbered with the sign
    # "alone": "§ 1" on a line of its own, its title on the line above or below; "run-in": the section's
    # text follows the number on the same line ("1 § Socialnämnden ska …", "2 Socialnämnden skall …").
    form: str = "heading"


# A reglemente's sections as published: "§ 1" alone, "§ 4 Nämnden är …" and "1 § Socialnämnden ska …"
# running into the text, and in flattened transcripts the sign lost: "2 Socialnämnden skall …".
_SIGN_ALONE = re.compile(r"^§\s?(?P<num>\d{1,3})\s*\.?$")
_RUN_IN = re.compile(
    r"^(?:§\s?(?P<sign>\d{1,3})\.?|(?P<after>\d{1,3})\s?§|(?P<bare>\d{1,3}(?:\.\d{1,2}){0,3}))\s+(?P<text>[A-ZÅÄÖ].*)$"
)
_RUN_IN_MIN = 80  # shorter text after the number is a title, not the section's text


def plain_line(text: str) -> tuple[str, bool]:
    """A line without markdown heading marks or emphasis, and whether it was a markdown heading."""
    markdown = _MARKDOWN_HEADING.match(text.lstrip()) is not None
    return normalise_line(text), markdown


def _shape(text: str) -> _Shape | None:
    """Read a line as `number title` or `Bilaga N title`; None if it cannot be a heading."""
    s, markdown = plain_line(text)
    if m := _SIGN_ALONE.match(s):
        return _Shape(m.group("num"), (int(m.group("num")),), None, "", markdown, f"§ {m.group('num')}", "alone")
    if (m := _RUN_IN.match(s)) and (len(m.group("text")) > _RUN_IN_MIN or re.search(r"[.!?]\s", m.group("text"))):
        number = m.group("sign") or m.group("after") or m.group("bare")
        key = tuple(int(part) for part in number.split("."))
        if 0 in key:
            return None
        sign = f"§ {number}" if m.group("sign") else (f"{number} §" if m.group("after") else None)
        return _Shape(number, key, None, "", False, sign, "run-in")
    if not s or len(s) > _MAX_TITLE + 20:
        return None
    if m := _APPENDIX.match(s):
        mark = m.group("num").split()[-1]
        number = int(mark) if mark.isdigit() else ord(mark.upper()) - ord("A") + 1
        title = m.group("title").strip()
        if title and not (title[0].isupper() or title[0].isdigit()):
            return None  # "Bilaga 1 beskriver …" is a sentence
        return _Shape("Bilaga " + mark, (), number, title, markdown)
    after = _SECTION_SIGN_AFTER.match(s)  # "2 § Lagstadgade uppgifter"
    m = after or _SECTION.match(s) or _CHAPTER.match(s)  # "3.1 Ansvar", "Kapitel 3 Ansvar" (number "3")
    if not m or not m.group("title").strip():
        return None
    title = m.group("title").strip()
    key = tuple(int(part) for part in m.group("num").split("."))
    if 0 in key or not (title[0].isalpha() and title[0].isupper()):
        return None  # "20 % av", "3 dagar", "1. genomförande av …"
    sign = f"{m.group('num')} §" if after else (f"§ {m.group('num')}" if s.startswith("§") else None)
    return _Shape(m.group("num"), key, None, title, markdown, sign)


def ends_mid_sentence(title: str) -> bool:
    """A title ending like a wrapped sentence ("… ansvarar för", "… och,") continues below."""
    words = title.split()
    return title.endswith((",", "-")) or (bool(words) and words[-1].lower() in _FUNCTION_WORDS)


def _heading_score(shape: _Shape, title: str, followed_by_text: bool, after_blank: bool) -> float:
    """How much a line looks like a heading rather than a list entry or a sentence."""
    score = 1.0 + (2.0 if shape.markdown else 0.0) + (0.5 if after_blank else 0.0)
    score += 1.0 if followed_by_text else 0.0
    score += 1.0 if len(title) <= 60 else (0.0 if len(title) <= 100 else -1.0)
    score -= 0.5 * max(0, len(title.split()) - 10)
    if title.endswith((".", "!", "?")):
        score -= 1.5
    elif title.endswith((":", ";")):
        score -= 0.5
    else:
        score += 0.5
    if ends_mid_sentence(title):
        score -= 2.0
    if _TRAILING_PAGE_NUMBER.search(title) or _DATE_LIKE.search(title):
        score -= 2.0
    return score


def _next_content(lines: Sequence[Line], i: int) -> int | None:
    """Index of the next non-blank, non-furniture line after `i`."""
    for j in range(i + 1, len(lines)):
        if not lines[j].furniture and not lines[j].blank:
            return j
    return None


def _after_blank(lines: Sequence[Line], i: int) -> bool:
    """Whether the line is the first of its paragraph (furniture ignored)."""
    for j in range(i - 1, -1, -1):
        if lines[j].furniture:
            continue
        return lines[j].blank or lines[j].page != lines[i].page
    return True


def _title_continuation(lines: Sequence[Line], i: int, title: str) -> tuple[str, int]:
    """A title wrapped onto the next line ("3.1 Ansvar för" / "läkemedel"), joined; and its last line."""
    j = i + 1
    if not ends_mid_sentence(title) or j >= len(lines) or lines[j].blank or lines[j].furniture:
        return title, i
    nxt = normalise_line(lines[j].text)
    if not nxt[:1].islower() or len(nxt) > 60:
        return title, i
    return reflow([title, nxt]).replace("\n", " "), j


def _candidates(lines: Sequence[Line], toc: set[int]) -> list[_Candidate]:
    """Every line that could be a section heading, scored."""
    shapes = {
        i: shape
        for i, line in enumerate(lines)
        if not line.furniture and not line.blank and i not in toc and (shape := _shape(line.text))
    }
    found: list[_Candidate] = []
    for i, shape in shapes.items():
        if shape.form != "heading":
            title, last, score = _unheaded(lines, i, shape, shapes)
            found.append(_Candidate(i, last, shape.number, shape.key, None, title, score, shape.cited_as))
            continue
        title, last = _title_continuation(lines, i, shape.title)
        nxt = _next_content(lines, last)
        followed_by_text = nxt is not None and nxt not in shapes
        if shape.appendix is not None and (nxt is None or (nxt in shapes and shapes[nxt].appendix is not None)):
            continue  # a list of appendices in the text, not an appendix itself
        score = _heading_score(shape, title, followed_by_text, _after_blank(lines, i))
        title = title.rstrip(":").strip()
        found.append(_Candidate(i, last, shape.number, shape.key, shape.appendix, title, score, shape.cited_as))
    return found


_SIGN_SCORE = 2.5  # "§ 1" alone or running into its text: the sign says it is a section
_BARE_RUN_IN_SCORE = 0.5  # "2 Socialnämnden skall …": a section only as part of a run (see `_best_chain`)


def _title_like(lines: Sequence[Line], j: int | None) -> str | None:
    if j is None or lines[j].blank or lines[j].furniture:
        return None
    s = normalise_line(lines[j].text)
    if not s or len(s) > 90 or s[0].islower() or s.endswith((".", ",", ";")) or _shape(lines[j].text):
        return None
    return s.rstrip(":")


def _unheaded(lines: Sequence[Line], i: int, shape: _Shape, shapes: dict[int, _Shape]) -> tuple[str, int, float]:
    """Title, last heading line and score of a section written "§ 1" alone or running into its text.

    Alone, its title is the line above when that line is a heading of its own ("Verksamhetsområde" /
    "§ 1"), else the line below when text follows it ("§ 1" / "Ansvar för …" / text)."""
    if shape.form == "run-in":
        return "", i, _SIGN_SCORE if shape.cited_as else _BARE_RUN_IN_SCORE
    before = next((j for j in range(i - 1, max(-1, i - 4), -1) if not lines[j].blank and not lines[j].furniture), None)
    if before is not None and (above := _title_like(lines, before)) and _after_blank(lines, before):
        return above, i, _SIGN_SCORE
    below = _next_content(lines, i)
    if below is not None and (title := _title_like(lines, below)) and _next_content(lines, below) not in shapes:
        return title, below, _SIGN_SCORE
    return "", i, _SIGN_SCORE


# --- table of contents -------------------------------------------------------------------


def toc_lines(lines: Sequence[Line]) -> set[int]:
    """Indexes of table-of-contents lines, whose entries must not become sections.

    Lines with dot leaders and a page number are entries wherever they stand. After an
    "Innehåll" heading, numbered entries count too (with or without page numbers) until
    a line that is neither, or until the numbering starts over, which is where the real
    sections begin.
    """
    toc = {i for i, line in enumerate(lines) if _DOT_LEADER.search(line.text.rstrip())}
    for i, line in enumerate(lines):
        if not line.furniture and _TOC_HEADING.match(plain_line(line.text)[0]):
            toc.add(i)
            toc.update(_toc_block(lines, i + 1))
    return toc


def _toc_block(lines: Sequence[Line], start: int) -> set[int]:
    """The entries following a table-of-contents heading."""
    block: set[int] = set()
    last: tuple[int, ...] | None = None
    appendix_seen = False
    for i in range(start, len(lines)):
        line = lines[i]
        if line.furniture or line.blank:
            continue
        text = line.text.rstrip()
        shape = _shape(text)
        if shape is None:
            if _DOT_LEADER.search(text) or _TRAILING_PAGE_NUMBER.search(text):
                block.add(i)
                continue
            break
        if shape.appendix is None and (appendix_seen or (last is not None and shape.key <= last)):
            break  # numbering starts over: the document proper
        appendix_seen = appendix_seen or shape.appendix is not None
        last = shape.key if shape.appendix is None else last
        block.add(i)
    return block


# --- choosing the chain ------------------------------------------------------------------


def _missing(prev: tuple[int, ...], nxt: tuple[int, ...]) -> int | None:
    """How many headings lie between two section numbers; None if `nxt` cannot follow `prev`.

    The valid successors of 3.2 are 3.2.1, 3.3 and 4 (nothing missing); 4.1 misses "4",
    3.4 misses "3.3". Going back or repeating a number is never valid.
    """
    depth = 0
    while depth < len(prev) and depth < len(nxt) and prev[depth] == nxt[depth]:
        depth += 1
    if depth == len(nxt):
        return None  # same number, or an ancestor of the previous one
    if depth < len(prev):
        if nxt[depth] < prev[depth]:
            return None
        missing = nxt[depth] - prev[depth] - 1
    else:
        missing = nxt[depth] - 1  # a child of the previous section
    return missing + sum(nxt[depth + 1 :])


def _transition(prev: _Candidate | None, nxt: _Candidate) -> float | None:
    """Penalty for `nxt` directly following `prev` in the outline; None if it cannot."""
    if nxt.appendix is not None:
        if prev is None:
            return _MISSING_PENALTY * nxt.appendix  # a document that starts with an appendix
        if prev.appendix is None:
            return _MISSING_PENALTY * (nxt.appendix - 1)
        if nxt.appendix <= prev.appendix:
            return None
        return _MISSING_PENALTY * (nxt.appendix - prev.appendix - 1)
    if prev is not None and prev.appendix is not None:
        return None  # numbered parts inside an appendix belong to the appendix
    missing = _missing(prev.key if prev else (), nxt.key)
    return None if missing is None else _MISSING_PENALTY * missing


def _best_chain(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """The highest-scoring sequence of candidates in which each may follow the previous."""
    best: list[float] = []
    back: list[int] = []
    for i, cand in enumerate(candidates):
        start = _transition(None, cand)
        top, link = (cand.score - start, -1) if start is not None else (float("-inf"), -1)
        for j in range(max(0, i - _LOOKBACK), i):
            if best[j] + cand.score <= top:
                continue  # penalties are never negative: j cannot do better
            penalty = _transition(candidates[j], cand)
            if penalty is not None and best[j] + cand.score - penalty > top:
                top, link = best[j] + cand.score - penalty, j
        best.append(top)
        back.append(link)
    if not best or max(best) <= 0:
        return []
    i = max(range(len(best)), key=best.__getitem__)
    chain: list[_Candidate] = []
    while i >= 0:
        chain.append(candidates[i])
        i = back[i]
    return chain[::-1]


# --- sections ------------------------------------------------------------------------------


def _section_item(lines: Sequence[Line], head: _Candidate, stop: int, toc: set[int]) -> Item:
    """The section from its heading up to (not including) line `stop`."""
    body = [lines[i] for i in range(head.last + 1, stop) if not lines[i].furniture and i not in toc]
    text = reflow(line.text for line in body)
    written = [line for line in body if not line.blank]
    end = written[-1].end if written else lines[head.last].end
    return Item(
        number=head.number,
        title=head.title,
        kind="avsnitt",
        presenters=[],
        text=text,
        decision=None,
        assignments=[],
        cited_as=head.cited_as,
        start=lines[head.index].start,
        end=end,
    )


def parse_sections(lines: Sequence[Line]) -> list[Item]:
    """The agreement's numbered sections, in order, each with its own body text.

    Expects lines with furniture marked (`mark_furniture`). Text before the first section
    (title page, table of contents, preamble) belongs to no section.
    """
    toc = toc_lines(lines)
    chain = _best_chain(_candidates(lines, toc))
    stops = [head.index for head in chain[1:]] + [len(lines)]
    return [_section_item(lines, head, stop, toc) for head, stop in zip(chain, stops)]
