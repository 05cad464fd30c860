"""Lines with offsets, page furniture, and reflowing wrapped lines into readable paragraphs.

Text extracted from PDFs arrives as lines broken wherever the page ended, with page
headers and footers ("PROTOKOLL 2 (4)", "Justerandes signatur", page numbers) repeated in
the middle of items and words hyphenated across lines. Parsers work on `Line`s so that
every item keeps character offsets into the original text, skip the lines marked as
furniture, and call `reflow` to turn what is left into paragraphs a person can read.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

PAGE_BREAK = "\f"


@dataclass(frozen=True)
class Line:
    """One line of the loaded text. `start`/`end` are offsets of `text` in the whole document."""

    text: str
    start: int
    end: int
    page: int = 0
    furniture: bool = False

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    """Split text into `Line`s with offsets; a form feed (from the PDF loader) starts a new page."""
    lines: list[Line] = []
    page = 0
    offset = 0
    for raw in text.split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        if PAGE_BREAK in raw:
            page += raw.count(PAGE_BREAK)
            start += len(raw) - len(raw.lstrip(PAGE_BREAK))
            end -= len(raw) - len(raw.rstrip(PAGE_BREAK))
            raw = raw.replace(PAGE_BREAK, "")
        lines.append(Line(raw, start, max(start, end), page))
    return lines


# --- page furniture -------------------------------------------------------------------

_PAGE_COUNTER = re.compile(r"(?:^|\s)\d{1,4}\s*\(\s*\d{1,4}\s*\)\s*$")  # "PROTOKOLL 2 (4)"
_PAGE_OF = re.compile(
    r"(?:^|\s)(?:sida|sid\.?|page)\s*\d{1,4}(?:\s*(?:/|av|of)\s*\d{1,4})?$|^\d{1,4}\s*(?:/|av|of)\s*\d{1,4}$", re.I
)
_BARE_NUMBER = re.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$")
_SIGNATURE_FOOTER = re.compile(
    r"^(?:justerandes?|justerares|ordförandes|sekreterarens?)\s+(?:signatur|sign\.?|signering)\b"
    r"|utdragsbestyrkande",
    re.I,
)
_EDGE_LINES = 2  # how many non-blank lines at a page's top/bottom count as its edge


def _shape(text: str) -> str:
    """A line's shape for spotting repeated headers: digits folded, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.strip().lower()))


_ITEM_HEADING = re.compile(r"^(?:[A-ZÅÄÖ]{1,6}\s*)?§\s*\d{1,4}\b")
_COUNTER_CONTEXT = re.compile(r"protokoll|sida|sid\.|page|\d{4}-\d{2}-\d{2}", re.I)
_SENTENCE_LIKE = re.compile(r"[.:;]$")


def _is_furniture_text(text: str, at_edge: bool, recurring: bool = False) -> bool:
    """Page counters, "Sida 2 av 4" and signature footers, by their shape alone."""
    s = text.strip()
    if not s or len(s) > 120:
        return False
    if m := _PAGE_COUNTER.search(s):
        prefix = s[: m.start()].strip()
        # "PROTOKOLL 2 (4)", "Socialnämnden 2025-03-12 3 (28)", "2 (4)": not "Antal SIP 12 (15)".
        if at_edge or recurring or not prefix or prefix.isupper() or _COUNTER_CONTEXT.search(prefix):
            return True
    return bool(_PAGE_OF.search(s) or _SIGNATURE_FOOTER.search(s))


def _page_edges(lines: Sequence[Line]) -> tuple[set[int], set[int]]:
    """Indexes of the first few and of the last few non-blank lines of every page."""
    by_page: dict[int, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if not line.blank:
            by_page[line.page].append(i)
    tops: set[int] = set()
    bottoms: set[int] = set()
    for indexes in by_page.values():
        tops.update(indexes[:_EDGE_LINES])
        bottoms.update(indexes[-_EDGE_LINES:])
    return tops, bottoms


def mark_furniture(lines: Sequence[Line]) -> list[Line]:
    """Return the lines with page headers, footers and page numbers marked as furniture.

    General rules: lines with the shape of a page counter or a signature footer; bare
    numbers at a page's edge; and, when page breaks are known, lines that recur at the
    same edge (top or bottom) of at least half the pages (running headers such as
    "Socialnämnden 2025-03-12"), unless they read as sentences or labels. Without page
    breaks, a line recurring word for word is furniture only if it carries a number or
    is several words in capitals, so repeated content such as "Beslut" or "Informationen
    är delgiven." and headings such as "§ 1", "§ 2" survive.
    """
    pages = {line.page for line in lines}
    paged = len(pages) > 1
    tops, bottoms = _page_edges(lines) if paged else (set(), set())
    edges = tops | bottoms
    needed = max(2, (len(pages) + 1) // 2)
    top_pages: dict[str, set[int]] = defaultdict(set)
    bottom_pages: dict[str, set[int]] = defaultdict(set)
    for i in tops:
        top_pages[_shape(lines[i].text)].add(lines[i].page)
    for i in bottoms:
        bottom_pages[_shape(lines[i].text)].add(lines[i].page)
    exact = Counter(_collapse(line.text) for line in lines if not line.blank)
    shapes = Counter(_shape(line.text) for line in lines if not line.blank)

    marked: list[Line] = []
    for i, line in enumerate(lines):
        s = line.stripped
        furniture = False
        if s:
            shape = _shape(s)
            if _is_furniture_text(s, i in edges, recurring=shapes[shape] >= 2):
                furniture = True
            elif _BARE_NUMBER.match(s):
                furniture = i in edges
            elif paged and _header_like(s):
                furniture = (i in tops and len(top_pages[shape]) >= needed) or (
                    i in bottoms and len(bottom_pages[shape]) >= needed
                )
            elif not paged and exact[_collapse(s)] >= 3 and _header_like(s):
                furniture = bool(re.search(r"\d", s))  # capitals alone ("EXPEDIERAS TILL") are labels
        marked.append(replace(line, furniture=furniture) if furniture else line)
    return _mark_page_numbers_beside_furniture(marked)


def _mark_page_numbers_beside_furniture(lines: list[Line]) -> list[Line]:
    """Spread furniture to its neighbours: a page number or a recurring line beside a page
    header or footer belongs to it ("Region Västerbotten  PROTOKOLL" above "Sida 2 av 3")."""
    from assistant.documents.chrome import is_interface_line  # chrome reads Line: imported late

    content = [i for i, line in enumerate(lines) if not line.blank]
    recurring = Counter(_collapse(lines[i].text) for i in content)
    changed = True
    while changed:
        changed = False
        for n, i in enumerate(content):
            line = lines[i]
            if line.furniture:
                continue
            s = line.stripped
            neighbours = [content[k] for k in (n - 1, n + 1) if 0 <= k < len(content)]
            # Page furniture spreads to what runs with it; a site's interface lines do not (the page's
            # own title "Möte 2019-03-25" stands under "Hoppa över navigering").
            beside = any(lines[j].furniture and not is_interface_line(lines[j].text) for j in neighbours)
            page_number = _BARE_NUMBER.match(s) and any(
                lines[j].furniture and not _BARE_NUMBER.match(lines[j].stripped) for j in neighbours
            )
            running = (
                beside
                and _header_like(s)
                and not _ITEM_HEADING.match(s)  # "KS § 41 Föregående protokoll" under a page header
                and (recurring[_collapse(s)] >= 2 or (len(s) <= 60 and _COUNTER_CONTEXT.search(s) is not None))
            )
            if page_number or running:
                lines[i] = replace(line, furniture=True)
                changed = True
    return lines


def _header_like(s: str) -> bool:
    """Could this line be a running header or footer? Prose never is: it is long, ends a
    sentence, or starts in lower case (a wrapped line)."""
    return (
        len(s) <= 80
        and len(s.split()) <= 12
        and not _SENTENCE_LIKE.search(s)
        and not s[:1].islower()
        and not _is_label(s)
    )


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


_CONTENT_LABELS = re.compile(
    r"^(?:beslut|information|beslutsärende|informationsärende|bakgrund|sammanfattning|ärendet|"
    r"beslutsunderlag|förslag till beslut|yrkanden?|övriga frågor|expedieras(?: till)?|beslutet skickas till"
    r"|skickas till|reservation(?:er)?|propositionsordning|ärendebeskrivning|protokollsanteckning)$",
    re.I,
)


def _is_label(text: str) -> bool:
    """Structural words of an item's content, which recur but are never page furniture."""
    return bool(_CONTENT_LABELS.match(text.strip()))


# --- reflow ---------------------------------------------------------------------------

_BULLET = re.compile(r"^(?:[-–—•▪◦●*]|o(?=\s))\s+")
_NUMBERED = re.compile(r"^(?:\d{1,2}[.)]|[a-h]\))\s+")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_EMPHASIS = re.compile(r"(\*{1,2}|_{2})(\S(?:.*?\S)?)\1")
_HYPHEN_KEEP_NEXT = {"och", "eller", "samt", "respektive", "som", "till", "resp."}
FUNCTION_WORDS = {  # words a wrapped line can end on, never a sentence or a heading
    "och",
    "att",
    "i",
    "av",
    "för",
    "till",
    "med",
    "om",
    "på",
    "den",
    "det",
    "de",
    "en",
    "ett",
    "som",
    "samt",
    "eller",
    "från",
    "vid",
    "inom",
    "mellan",
    "under",
    "efter",
    "enligt",
    "hos",
}
_ATT_LIST_LEAD = re.compile(r"(?:[:,;]|\bsamt|\bbeslutar|\bbeslutade|\bbesluta|\bföreslår|\bföreslås)\s*$", re.I)
_WRAP_MIN = 40  # a shorter line is not taken as wrapped prose across a blank line
_WRAP_UPPER_MIN = 60  # before a capitalised line, a shorter line is taken as a heading
_LABEL_LINE = re.compile(r"^[A-ZÅÄÖ][\wåäö]*(?: [\wåäö]+){0,2}:\s+\S")


def normalise_line(text: str) -> str:
    """Collapse white space, drop markdown emphasis, turn any bullet mark into '- '."""
    s = re.sub(r"[ \t\u00a0\u2002-\u200b]+", " ", text.replace("\u00ad", "")).strip()
    s = _MARKDOWN_HEADING.sub("", s)
    s = _EMPHASIS.sub(r"\2", s)
    if _BULLET.match(s):
        s = "- " + _BULLET.sub("", s, count=1)
    return s


def _starts_block(s: str) -> bool:
    return s.startswith("- ") or bool(_NUMBERED.match(s))


def _join(prev: str, nxt: str) -> str:
    """Join a wrapped line to the previous one, mending a word hyphenated across the break."""
    prev = prev.rstrip("\u00ad")
    m = re.search(r"(\w+)-$", prev[-64:])  # only the tail: paragraphs grow long
    if m and nxt[:1].islower():
        word = m.group(1)
        next_word = nxt.split(" ", 1)[0]
        if next_word in _HYPHEN_KEEP_NEXT:
            return f"{prev} {nxt}"  # "hälso- och sjukvård"
        if len(word) == 1 or any(c.isupper() for c in word[1:]) or word.isupper() or word.isdigit():
            return prev + nxt  # "e-tjänst", "IT-stöd"
        return prev[:-1] + nxt
    return f"{prev} {nxt}"


def _opens_att_list(prev: str, nxt: str) -> bool:
    """An `att …` line after "beslutar", a colon or a comma is the next point of a decision list."""
    return nxt.startswith("att ") and bool(_ATT_LIST_LEAD.search(prev))


def _continues(prev: str, nxt: str, after_blank: bool) -> bool:
    """Whether `nxt` is the rest of the sentence that the physical line `prev` was wrapping."""
    if _starts_block(nxt) or _opens_att_list(prev, nxt):
        return False
    if prev.endswith("-") and nxt[:1].islower():
        return True
    if _SENTENCE_END.search(prev):
        return False
    last_word = prev.rsplit(" ", 1)[-1].lower()
    if last_word in FUNCTION_WORDS or prev.endswith(","):
        return True  # "… riktlinjerna för" / "ekonomiskt bistånd."
    if _LABEL_LINE.match(prev) and len(prev) < _WRAP_UPPER_MIN:
        return False  # "Föredragande: Anna Berg" stands alone
    if nxt[:1].islower() or nxt[:1].isdigit():
        return not after_blank or len(prev) >= _WRAP_MIN
    return not after_blank and len(prev) >= _WRAP_UPPER_MIN


def reflow(texts: Iterable[str]) -> str:
    """Turn logical lines (blank string = blank line) into paragraphs separated by newlines.

    Wrapped lines are joined, hyphenated words mended, bullets kept one per line. Runs of
    blank lines collapse; the result has no leading or trailing white space.
    """
    paragraphs: list[str] = []
    previous = ""  # the previous physical line, which decides whether this one wraps it
    after_blank = False
    for raw in texts:
        s = normalise_line(raw)
        if not s:
            after_blank = True
            continue
        if paragraphs and _continues(previous, s, after_blank):
            paragraphs[-1] = _join(paragraphs[-1], s)
        else:
            paragraphs.append("- " + s if _opens_att_list(previous, s) else s)
        previous = s
        after_blank = False
    return "\n".join(paragraphs)
