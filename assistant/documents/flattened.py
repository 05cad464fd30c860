"""Giving text back the line structure that PDF extraction or a web transcript took away.

Many published protocols reach us with a whole page on one line: `2 (14) § 251
Föredragningslista Föredragningslistan fastställs … § 252 Landstingsdirektörens rapport …`.
Every later stage (furniture, headings, header labels, decisions) reads lines, so a page of
items would become one item. This module splits such lines into virtual `Line`s, each
keeping its offsets into the original text, at the places where a line would have broken in
the printed protocol:

- before an item heading (`§ 252`, `KS § 12`, `12 §`, a bare `73` or `SN 57` before a
  capitalised title) that follows the end of a sentence, a date or page furniture, never
  after words such as "se", "enligt" or "kap." that make it a reference;
- after such a heading's title, where the item's first sentence begins;
- around page furniture (`PROTOKOLL 2 (4)`, `Sida 2 av 4`, `Justerandes sign`,
  `Utdragsbestyrkande`);
- before header and content labels (`Tid`, `Plats`, `Beslutande`, `Utses att justera`,
  `Dnr`, `Beslutsunderlag`, …).

Which of the heading candidates are real items is still decided by the heading chain in
`protocol.headings`/`agreement.sections`; this module only offers them as lines. Each long
physical line that had to be split counts as one page, so running headers repeated on
every flattened page are recognised as furniture like those of a paged PDF.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace

from assistant.documents import diarienummer
from assistant.documents.chrome import is_transcript_mark
from assistant.documents.labels import INLINE_LABEL
from assistant.documents.lines import Line

# A physical line shorter than this is left alone: a heading with its title and the start of
# its text fits in it. Flattened pages in tests/data/outside13 are 480-2,000 characters; the
# longest single heading line in the corpus and the test documents is under 200.
FLAT_MIN_CHARS = 250

SHORT_FLAT_CHARS = 60  # in a document with flattened pages: "§ 6 Anmälan av beslut" plus some text

_CAPITAL = "A-ZÅÄÖÉ"
# "§ 252", "KS § 12", "§12": not "§§ 251–256", "§ 112/2020" (a reference) or "§ 3-5".
_SIGN_HEADING = re.compile(rf"(?<![§\w])(?:[{_CAPITAL}]{{2,6}}\s)?§\s?\d{{1,4}}(?![\d/§])(?!\s?[-–]\s?\d)")
# "12 § Val av justerare" (a protocol or a reglemente written with the sign after the number).
_SIGN_AFTER_HEADING = re.compile(rf"(?<![\w/.§-])\d{{1,4}}\s?§(?!§)(?=\s+[{_CAPITAL}])")
# A bare "73 Val av justerare" or "SN 57 Val av justerare".
# The body's abbreviation may be written in capitals or not: "SN 57", "Sn 49", "FHR 29", "Fhr 39".
# "… i Växjö. 2.1 Medlemmar i förbundet är …": a decimal section running on after a sentence.
_DECIMAL_HEADING = re.compile(rf"(?<![\w/.,:–§-])\d{{1,2}}\.\d{{1,2}}(?=\s+[{_CAPITAL}][a-zåäöé])")
_DOT_HEADING = re.compile(rf"(?<![\w/.,:–§-])(?<!§\s)\d{{1,3}}\.(?=\s+[{_CAPITAL}][a-zåäöé])")  # "3. Rapport beslut …"
_BARE_HEADING = re.compile(
    rf"(?<![\w/.,:–§-])(?<!§\s)(?:(?:[{_CAPITAL}]{{2,6}}|(?!(?:Nr|Kap|Kl|Sid|Bil|Tel|Den|Dnr|Sida|Punkt)\s)[{_CAPITAL}][a-zåäö]{{1,3}})\s)?"
    rf"\d{{1,3}}(?=\s+[{_CAPITAL}][a-zåäöé])"
)

# What may stand right before a heading: nothing, the end of a sentence, a date, a page counter
# or a furniture word. A lower-case word ("se § 4", "enligt 5 §") makes it a reference.
_BEFORE_HEADING = re.compile(
    r"(?:^|[.!?]|\d{4}-\d{2}-\d{2}|\(\s*\d{1,4}\s*\)|\bav\s\d{1,4}|\bsign(?:atur|\.)?|Utdragsbestyrkande)\s*$"
)
_PERSON_END = re.compile(
    r"\([A-ZÅÄÖa-zåäö]{1,3}\)(?:,?\s+(?:vice\s+)?(?:ordförande|sekreterare|ersättare|ledamot))?(?=\s+[A-ZÅÄÖ][a-zåäö])"
)
_ABBREVIATION_BEFORE = re.compile(r"(?:\b(?:forts|kap|jfr|nr|p|s|(?-i:kl)|bil|ca|resp|enl|dvs|mm|m\.fl)\.|Forts\.)\s*$", re.I)

_FURNITURE = re.compile(
    r"(?<![\w,.])\d{1,3}\s?\(\s?\d{1,3}\s?\)(?![\w])"  # "2 (14)" (a "PROTOKOLL" before it stays with the header)
    r"|\bSida\s\d{1,4}\s(?:av|/)\s\d{1,4}\b"
    r"|\b(?:Justerandes?|Justerares|Ordförandes|Sekreterarens)\s(?:sign(?:atur)?\.?|signering)(?![\w])"
    r"|\bUtdragsbestyrkande\b"
)

# Words that join a title's parts: a capitalised word after them still belongs to the title
# ("Avtal om ambulanssjukvård i Norrviks kommun", "Remiss – Nationell handlingsplan").
_TITLE_JOINERS = {
    "i", "om", "för", "med", "till", "av", "från", "inom", "mellan", "och", "samt", "eller", "mot", "vid",
    "på", "hos", "under", "efter", "enligt", "kring", "avseende", "gällande", "inför", "–", "-", "—", ":",
}  # fmt: skip
_TITLE_MAX_WORDS = 16  # a title longer than this ends where its first sentence does


def unflatten(lines: Sequence[Line]) -> tuple[list[Line], bool]:
    """The lines with every flattened physical line split where it would have broken.

    Returns the new lines and whether any line was split (the parser warns then: the
    structure was reconstructed, not read). Text with form feeds keeps its own pages.
    """
    out: list[Line] = []
    paged = any(line.page for line in lines)
    page = 0
    heads = page_heads(lines)
    lines = [heads[i][1] if i in heads else line for i, line in enumerate(lines)]
    # Once one line is a flattened page, shorter lines are looked at too: a page's last line is
    # often short ("Sida 3 av 3 … § 6 Anmälan av beslut …").
    running = _running_headers(lines)
    across = _runs_across(lines)
    long_parts = {
        i: _split(line, running, i in heads, across.get(i, ()))
        for i, line in enumerate(lines)
        if len(line.text) >= FLAT_MIN_CHARS
    }
    flat_doc = any(long_parts.values())
    shortest = SHORT_FLAT_CHARS if flat_doc else FLAT_MIN_CHARS
    split_any = bool(heads)
    for i, line in enumerate(lines):
        parts = (
            long_parts[i]
            if i in long_parts
            else (_split(line, running, i in heads, across.get(i, ())) if len(line.text) >= shortest else None)
        )
        if line.furniture:
            parts = None  # site chrome stays whole, and furniture
        if i in heads and not paged:
            page += 1  # a transcript's page, split or not
        if i in heads:
            out.extend(head if paged else replace(head, page=page) for head in heads[i][0])
        if parts is None:
            if line.text or i not in heads:  # a page that was only its header leaves nothing behind
                out.append(line if paged else replace(line, page=page))
            continue
        split_any = True
        if not paged and i not in heads:
            page += 1
        out.extend(part if paged else replace(part, page=page) for part in parts)
    return out, split_any


# --- transcript pages -------------------------------------------------------------------------

# A transcript site prints each page of the PDF as one paragraph opened by the page's number in the
# transcript ("1 …", "2 …", "3 …"), then the page's own running header and counter ("Socialnämnden
# (27)", "BOTKYRKA KOMMUN SAMMANTRÄDESPROTOKOLL 2[15]", "2(33)", "Sida 36", "4 av 22"). The numbers
# count pages, not items; they are found as a sequence (1, 2, 3, … on paragraphs that start pages),
# never by their look alone, since "2 Delårsrapport" may as well be an item.
_PAGE_LEAD = re.compile(r"^(\d{1,3})\s+(?=\S)")
_MIN_LEAD_PAGES = 2
_PAGE_COUNTER_HEAD = re.compile(
    r"(?:\b\d{1,3}\s?)?[(\[]\s?\d{1,3}\s?[)\]]"  # "(27)", "2[15]", "1(33)", "2 (11)"
    r"|\b(?:Sida|Sid\.|Page)\s\d{1,4}(?:\s?(?:av|/|of)\s?\d{1,4})?\b"  # "Sida 36", "Sida 2 av 4"
    r"|^\d{1,3}\s?av\s?\d{1,3}\b|^\d{1,3}\s?av\b"  # "2 av 22", "4 av" (a lost total)
    r"|\b(?:SAMMANTRÄDES)?PROTOKOLL\s\d{1,3}(?:\s?[(\[]\s?\d{1,3}\s?[)\]]|\b(?!\s*[-–]\s*\d))"  # "… PROTOKOLL 4", "2[15]"
)
_HEAD_MAX_CHARS = 90  # a running header with its counter: "Kommunala pensionärsrådet 10 april (10)"
_HEAD_MAX_WORDS = 9


def page_heads(lines: Sequence[Line]) -> dict[int, tuple[list[Line], Line]]:
    """Transcript pages: for each line that opens one, its furniture (the transcript's page number and
    the page's running header with its counter) as lines of their own, and the rest of the line."""
    leads = _page_leads(lines)
    heads: dict[int, tuple[list[Line], Line]] = {}
    numbered = _numbered_pages(lines, leads)
    skips = {i: cut + (numbered.get(i) or _running_head_end(lines[i].text[cut:])) for i, cut in leads.items()}
    margin = _margin_header([lines[i].text[skip:] for i, skip in skips.items()])
    for i, cut in leads.items():
        line = lines[i]
        furniture = [Line(line.text[:cut].strip(), line.start, line.start + len(line.text[:cut].rstrip()), line.page, True)]
        skip = skips[i]
        if margin and line.text[skip:].lstrip().startswith(margin):
            skip += len(line.text[skip:]) - len(line.text[skip:].lstrip()) + len(margin)
        if skip > cut:
            head = line.text[cut:skip].strip()
            at = line.start + cut + (len(line.text[cut:skip]) - len(line.text[cut:skip].lstrip()))
            furniture.append(Line(head, at, at + len(head), line.page, True))
        remainder = line.text[skip:]
        lead = len(remainder) - len(remainder.lstrip())
        body = remainder.strip()
        start = line.start + skip + lead
        heads[i] = (furniture, Line(body, start, start + len(body), line.page))
    return heads


_MARGIN_MAX_WORDS = 8


def _margin_header(rests: Sequence[str]) -> str:
    """Words that open every page after its counter ("Gunnel Raattamaa Erik Sandström Socialnämnden", the
    signers' names and the body printed in the margin): the longest word prefix shared by all pages but
    the first (the cover), if it has no digits and no sentence end."""
    pages = [r.split() for r in rests[1:] if r.strip()]
    if len(pages) < 2:
        return ""
    shared: list[str] = []
    for words in zip(*pages):
        if len(set(words)) != 1 or len(shared) >= _MARGIN_MAX_WORDS:
            break
        shared.append(words[0])
    while shared and (re.search(r"\d|[.!?:;]$", shared[-1]) or not shared[-1][:1].isupper()):
        shared.pop()
    if any(re.search(r"\d|§", w) for w in shared) or len(shared) < 1:
        return ""
    return " ".join(shared) if all(" ".join(shared) in " ".join(r.split()) for r in rests[1:]) else ""


_MIN_NUMBERED_PAGES = 3  # two consecutive numbers on two pages may be two items; three in a row count pages


def _numbered_pages(lines: Sequence[Line], leads: dict[int, int]) -> dict[int, int]:
    """The document's own page numbers after the transcript's ("2 37 Innehållsförteckning", "3 38 FHR 29 …",
    "4 39 FHR 30 …"): numbers that run on, one per page, on every page of the run that has no counter."""
    found: dict[int, int] = {}
    previous: int | None = None
    for i, cut in leads.items():
        rest = lines[i].text[cut:]
        m = _PAGE_LEAD.match(rest)
        if _running_head_end(rest) or not m:
            continue
        n = int(m.group(1))
        if previous is not None and n != previous + 1:
            return {}
        previous = n
        found[i] = m.end()
    return found if len(found) >= _MIN_NUMBERED_PAGES else {}


def _page_leads(lines: Sequence[Line]) -> dict[int, int]:
    """Lines opening a transcript page, with the length of their page number: paragraph-first lines
    whose leading numbers run 1, 2, 3, … (or from 2 when the first page had none)."""
    firsts = [
        i
        for i, line in enumerate(lines)
        if not line.blank and not line.furniture and (i == 0 or lines[i - 1].blank or lines[i - 1].furniture)
    ]
    best: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for i in firsts:
        m = _PAGE_LEAD.match(lines[i].text)
        if not m:
            continue
        n = int(m.group(1))
        if run and n == run[-1][1] + 1:
            run.append((i, n))
        elif n <= 2:
            run = [(i, n)]
        else:
            continue
        if len(run) > len(best):
            best = list(run)
    # Numbered paragraphs may as well be items ("3 Verksamhetsplan år 2018 … att …"): they count pages
    # only in a transcript (its frame was seen) or when a page's running header and counter follow one.
    if len(best) < _MIN_LEAD_PAGES:
        return {}
    cut = {i: _PAGE_LEAD.match(lines[i].text).end() for i, _ in best}  # type: ignore[union-attr]
    framed = any(line.furniture and is_transcript_mark(line.text) for line in lines)
    if not framed and not any(_running_head_end(lines[i].text[k:]) for i, k in cut.items()):
        return {}
    return cut


def _running_head_end(text: str) -> int:
    """Where a page's running header and counter end at the start of `text`, or 0 when none is there."""
    m = _PAGE_COUNTER_HEAD.search(text[: _HEAD_MAX_CHARS + 12])
    if not m:
        return 0
    head = text[: m.start()]
    if len(head.split()) > _HEAD_MAX_WORDS or re.search(r"[.!?:;]\s", head) or "§" in head:
        return 0
    return m.end()


_RUNNING_MAX_WORDS = 8  # a running page header ("DELEGATIONSORDNING Hälso- och sjukvårdsnämnden") is short
_RUNNING_MAX_CHARS = 200  # with the page furniture around it
_CONTEXT = 40  # characters before a heading that decide whether it can be one


def _plain(text: str) -> str:
    """Text without page furniture, white space collapsed: how running headers are compared."""
    return " ".join(_FURNITURE.sub(" ", text).split())


def _running_headers(lines: Sequence[Line]) -> set[str]:
    """Short texts that open two or more long lines before a § heading: a flattened page's running header.

    A heading may follow one even after a lower-case word ("… sjukvårdsnämnden § 3 Brådskande beslut").
    """
    leads: Counter[str] = Counter()
    for line in lines:
        if len(line.text) < SHORT_FLAT_CHARS or not (m := _SIGN_HEADING.search(line.text)):
            continue
        lead = _plain(line.text[: m.start()])
        if lead and len(lead.split()) <= _RUNNING_MAX_WORDS:
            leads[lead] += 1
    return {lead for lead, n in leads.items() if n >= 2}


def _runs_across(lines: Sequence[Line]) -> dict[int, set[int]]:
    """Bare numbers that run on from line to line of a flattened text ("… (5 kap. 13 KL) 8 Ordföranden …"
    after "7 Fullmäktige …" on the line before): their positions by line, where a run of `_MIN_RUN`
    spans more than one line (runs within one line are `_split`'s own)."""
    found: list[tuple[int, int, int]] = []  # (line, position, number)
    for i, line in enumerate(lines):
        if len(line.text) < SHORT_FLAT_CHARS or line.furniture:
            continue
        for pattern in (_BARE_HEADING, _DOT_HEADING):
            found.extend((i, m.start(), int(re.sub(r"\D", "", m.group()))) for m in pattern.finditer(line.text))
    found.sort()
    members = _in_runs([n for _, _, n in found])
    by_line: dict[int, set[int]] = {}
    for k in members:
        by_line.setdefault(found[k][0], set()).add(found[k][1])
    return by_line if len(by_line) > 1 else {}


def _split(line: Line, running: set[str], page: bool = False, across: Collection[int] = ()) -> list[Line] | None:
    """The parts of one physical line, or None when it shows no sign of flattened structure (a transcript's
    `page` is flattened whatever its headings look like; `across`: positions of numbers in a run over lines)."""
    text = line.text
    if text.lstrip().startswith("|") or "\t" in text:
        return None  # a table row: its cells are its structure
    cuts: set[int] = set()
    structural = int(page)
    for m in _FURNITURE.finditer(text):
        cuts.update((m.start(), m.end()))
        structural += 1
    # Headings are found as a sequence: a bare number ("3 Rapport …", "3. Rapport …") needs a sentence
    # end or furniture before it, unless it belongs to a run of consecutive numbers in the line
    # ("Allmänna ärenden 1. Genomgång … 2. Muntliga … 3. Rapport …").
    loose: list[tuple[re.Match[str], int]] = []
    for pattern in (_SIGN_HEADING, _SIGN_AFTER_HEADING, _BARE_HEADING, _DOT_HEADING, _DECIMAL_HEADING):
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - _CONTEXT) : m.start()]  # bounded: lines can be megabytes
            after_header = bool(running) and m.start() <= _RUNNING_MAX_CHARS and _plain(text[: m.start()]) in running
            in_context = (
                m.start() == 0
                or after_header
                or (_BEFORE_HEADING.search(before) is not None and not _ABBREVIATION_BEFORE.search(before))
            )
            bare = pattern in (_BARE_HEADING, _DOT_HEADING)
            if bare:
                loose.append((m, int(re.sub(r"\D", "", m.group()))))
            if not in_context:
                continue
            _cut_heading(text, m, cuts)
            structural += not bare and pattern is not _DECIMAL_HEADING
    in_runs = _in_runs([n for _, n in loose])
    for k, (m, _) in enumerate(loose):
        if k in in_runs or m.start() in across:
            _cut_heading(text, m, cuts)
    structural += bool(in_runs) or bool(across)
    if structural == 0:
        return None  # a long paragraph of prose: labels alone do not make a page
    # In a run-together attendance list each person ends with a party or a role ("Per Sandin (c) Gunilla Ek
    # (m)", "Eva Berg (S), ordförande Olle Ek"): a line break stood before the next capitalised name.
    cuts.update(m.end() for m in _PERSON_END.finditer(text))
    for m in INLINE_LABEL.finditer(text):
        cuts.add(m.start())
        if m.group().lower() in ("dnr", "diarienummer") and (value := diarienummer.read_value(text[m.end() :])):
            cuts.add(m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip(" :")) + len(value))
    bounds = sorted(c for c in cuts if 0 < c < len(text)) + [len(text)]
    parts: list[Line] = []
    begin = 0
    for end in bounds:
        chunk = text[begin:end]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            start = line.start + begin + lead
            parts.append(Line(body, start, start + len(body), line.page))
        begin = end
    return parts if len(parts) > 1 else None


_MIN_RUN = 3  # "1 … 2 … 3 …" in one flattened line: a sequence, not three numbers in prose


def _in_runs(numbers: Sequence[int]) -> set[int]:
    """Positions of the numbers that, in order, form runs of at least `_MIN_RUN` consecutive values
    (1, 2, 3; other text and numbers may stand between them)."""
    chain: dict[int, list[int]] = {}  # the longest run so far ending in each value: positions
    members: set[int] = set()
    for k, n in enumerate(numbers):
        run = [*chain.get(n - 1, []), k]
        if len(run) >= len(chain.get(n, [])):
            chain[n] = run
        if len(run) >= _MIN_RUN:
            members.update(run)
    return members


def _cut_heading(text: str, m: re.Match[str], cuts: set[int]) -> None:
    """Cut before a heading and, where it can be told, between its title and its text."""
    cuts.add(m.start())
    if end := _title_end(text, m.end()):
        cuts.add(end)


def _title_end(text: str, after: int) -> int | None:
    """Where the title that starts at `after` ends and the item's text begins, if it can be told.

    The title ends before a label (`Dnr`, handled by the label cut), at the end of a sentence,
    or before a capitalised word that starts the item's first sentence: one that follows a
    word other than a joiner and is not an acronym or a proper name continued
    ("Landstingsdirektörens rapport | Landstingsdirektör Björn Tidlund rapporterar …").
    """
    words = list(re.finditer(r"\S+", text[after : after + 400]))
    for k, word in enumerate(words[1:_TITLE_MAX_WORDS], start=1):
        w, prev = word.group(), words[k - 1].group()
        if INLINE_LABEL.match(text, after + word.start()) or _SIGN_HEADING.match(text, after + word.start()):
            return None  # the label or the next heading cuts there anyway
        if prev.endswith((".", "!", "?")) and len(prev) > 3:
            return after + word.start()
        if not w[:1].isupper() or w.isupper() or prev.lower() in _TITLE_JOINERS or prev.endswith(("–", "-", ":")):
            continue
        if prev[:1].isupper() and k > 1:
            continue  # "… Region Västerdal", "… Anna Berg"
        if k == 1 and w[:5].lower() != prev[:5].lower() and (w.endswith("s") or not _next_is_lower(words, k)):
            continue  # "Region Västerdals årsredovisning"; but "Upprop | Upprop förrättas", "Inledning | Denna …"
        return after + word.start()
    return None


def _next_is_lower(words: list[re.Match[str]], k: int) -> bool:
    return k + 1 < len(words) and words[k + 1].group()[:1].islower()
