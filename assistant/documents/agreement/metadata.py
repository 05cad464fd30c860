"""What an agreement says about itself on its title page: title, date, issuer, diarienummer.

Only lines that speak of the document itself count, so a date an item merely mentions
("LSG beslutade 2023-02-17") is never taken for the agreement's own date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assistant.documents import diarienummer
from assistant.documents.agreement.sections import ends_mid_sentence, parse_sections, plain_line, toc_lines
from assistant.documents.chrome import page_title
from assistant.documents.dates import find_date
from assistant.documents.lines import Line, normalise_line, reflow
from assistant.documents.organisations import without_letterhead


@dataclass(frozen=True)
class AgreementMeta:
    """What an agreement says about itself. A value the text does not state stays None."""

    title: str | None = None
    date: str | None = None  # ISO, YYYY-MM-DD
    body: str | None = None  # who decided or issued it
    diarienummer: str | None = None


_KIND_STEM = (
    r"(?:överenskommelse|riktlinje|rutin|vägledning|avtal|policy|handlingsplan|reglemente|arbetsordning"
    r"|delegationsordning|förbundsordning)"
)
_KIND_WORD = re.compile(rf"^\w*{_KIND_STEM}(?:n|r|na|rna|er|erna|en|et|ns)?$", re.I)
_KIND_ANYWHERE = re.compile(rf"\b\w*{_KIND_STEM}\w*", re.I)
_KIND_QUALIFIERS = {
    "länsgemensam",
    "länsgemensamma",
    "regional",
    "regionala",
    "gemensam",
    "gemensamma",
    "lokal",
    "lokala",
    "övergripande",
    "reviderad",
    "ny",
    "nationell",
}
_LABEL = re.compile(r"^(?P<label>[^\W\d][\w .()/-]{0,30}?)\s*:\s*(?P<value>.*)$")
_HEADER_LINES = 80

_DECISION = re.compile(
    r"\b(?:beslutsdatum|beslutad|beslutat|beslutades|fastställd|fastställt|fastställdes"
    r"|antagen|antaget|antogs|godkänd|godkänt|godkändes)\b",
    re.I,
)
_DATE_LABEL = re.compile(r"\b(?:datum|dokumentdatum)\b", re.I)
_VALIDITY = re.compile(
    r"\b(?:giltig[at]?|gäller|gälla)\s+(?:från|fr\.\s?o\.\s?m\.?|fr\s?o\s?m|med\s+start)\b"
    r"|\bgiltighetstid\b|\bträder\s+i\s+kraft\b",
    re.I,
)
_UNTIL = re.compile(r"\b(?:till|t\.\s?o\.\s?m\.?|t\s?o\s?m|tom)\b", re.I)
_MONTH_START = r"(?:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)"
_DATE_START = re.compile(
    rf"\b(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|(?:19|20)\d{{6}}|\d{{1,2}}(?::[ae])?\s+{_MONTH_START}|\d{{1,2}}/\d{{1,2}}\s)",
    re.I,
)
_BODY_PHRASE = re.compile(
    r"\b(?:beslutad|beslutat|fastställd|fastställt|antagen|antaget|godkänd|godkänt|utfärdad)"
    r"(?:\s+(?:av|i)\b\s*:?|\s*:)\s*",  # "Antagen av kommunfullmäktige", "Antagen: Kommunfullmäktige"
    re.I,
)
_BODY_LABEL = re.compile(r"^(?:beslutande(?:\s+organ)?|beslutsinstans|beslutsfattare|utgivare)\s*:\s*", re.I)
_BODY_WORD = re.compile(r"(?:nämnd|styrelse|fullmäktige|utskott|förbund|direktion|råd|grupp)\w*$", re.I)
_BODY_CUT = re.compile(r",|;|\.\s|\.$|\s+den\b|\s+(?:datum|beslutsdatum)\b", re.I)


def _header(lines: Sequence[Line]) -> list[Line]:
    """The non-furniture lines before the first section (at most the first 80): the title page."""
    sections = parse_sections(lines)
    first = sections[0].start if sections else None
    toc = toc_lines(lines)
    kept = [
        line
        for i, line in enumerate(lines)
        if not line.furniture and i not in toc and (first is None or line.start < first)
    ]
    return kept[:_HEADER_LINES]


def _is_label(text: str) -> bool:
    """A "Label: value" line ("Beslutad av: …", "Dnr: …"), which is metadata, not a title.

    "Överenskommelse: Samverkan vid utskrivning" names the document's kind before the
    colon, so it is a title, not a label.
    """
    m = _LABEL.match(text)
    if m is None:
        return False
    return len(m.group("label").split()) <= 3 and not _KIND_ANYWHERE.search(m.group("label"))


def _title_like(text: str) -> bool:
    """Could this line (or the start of it) be a document title?"""
    return (
        3 <= len(text) <= 200
        and text[0].isalpha()
        and text[0].isupper()
        and not text.endswith((".", "!", "?"))
        and not _is_label(text)
        and find_date(text) is None
    )


def _is_kind_label(text: str) -> bool:
    """A line that only names the kind of document: "ÖVERENSKOMMELSE", "Länsgemensam riktlinje"."""
    words = [w.strip(".,:;–-").lower() for w in text.split()]
    return (
        0 < len(words) <= 4
        and any(_KIND_WORD.match(w) for w in words)
        and all(_KIND_WORD.match(w) or w in _KIND_QUALIFIERS for w in words)
    )


def _with_continuation(lines: Sequence[Line], k: int) -> str:
    """The title starting at line k, with the lines it wraps onto (up to three)."""
    parts = [plain_line(lines[k].text)[0]]
    for j in range(k + 1, min(k + 3, len(lines))):
        nxt = plain_line(lines[j].text)[0]
        if not nxt or _is_label(nxt) or find_date(nxt) is not None:
            break
        if not (nxt[0].islower() or ends_mid_sentence(parts[-1])):
            break
        parts.append(nxt)
    return reflow(parts).replace("\n", " ")


def _after_kind_label(header: Sequence[Line], texts: Sequence[str], k: int) -> str:
    """The title that follows a bare kind word ("ÖVERENSKOMMELSE" / "om samverkan …")."""
    label = texts[k]
    following = next((j for j in range(k + 1, min(k + 4, len(texts))) if texts[j]), None)
    if following is None or not (_title_like(texts[following]) or texts[following][0].islower()):
        return label
    rest = _with_continuation(header, following)
    if rest[0].islower():
        return f"{label[0].upper()}{label[1:].lower()} {rest}"
    return rest


def _find_title(header: Sequence[Line]) -> str | None:
    """The title line: one naming the document's kind, or the line after a bare kind word."""
    texts = [plain_line(line.text)[0] for line in header]
    for k, text in enumerate(texts):
        if not text:
            continue
        if _is_kind_label(text):
            return _after_kind_label(header, texts, k)
        if _title_like(text) and _KIND_ANYWHERE.search(text):
            return _with_continuation(header, k)
    return next((plain_line(line.text)[0] for line in header if line.text.lstrip().startswith("# ")), None)


def _value_after(lines: Sequence[Line], k: int, rest: str) -> str:
    """The value of a label: the rest of its line, or the next line when the label stands alone."""
    if rest.strip(" :\t"):
        return rest
    for line in lines[k + 1 : k + 3]:
        if not line.blank:
            return normalise_line(line.text)
    return ""


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date_after(scope: Sequence[Line], k: int, text: str, m: re.Match[str]) -> str | None:
    """The first date after a keyword, ignoring an end date ("till 2027-12-31")."""
    rest = text[m.end() :]
    if m.re is _VALIDITY:
        rest = _UNTIL.split(rest, maxsplit=1)[0]
    if m.start() == 0:
        rest = _value_after(scope, k, rest)  # "Fastställd:" with the date on the next line
    return _iso(find_date(rest))


def _lines_saying(
    scopes: tuple[Sequence[Line], Sequence[Line]], pattern: re.Pattern[str]
) -> list[tuple[Sequence[Line], int, str, re.Match[str]]]:
    """Lines where `pattern` occurs, the most trustworthy first.

    Title-page lines that start with the keyword (labels such as "Fastställd 2025-03-01")
    come first, then other title-page lines, then lines elsewhere that speak of the
    document itself ("Överenskommelsen gäller från …"), so a date the text merely
    mentions is not taken for the document's own.
    """
    header, rest = scopes
    Hit = tuple[Sequence[Line], int, str, re.Match[str]]
    labels: list[Hit] = []
    mentions: list[Hit] = []
    elsewhere: list[Hit] = []
    for scope, is_header in ((header, True), (rest, False)):
        for k, line in enumerate(scope):
            text = _cells_as_label(normalise_line(line.text))
            m = pattern.search(text)
            if not m:
                continue
            hit = (scope, k, text, m)
            if is_header:
                (labels if m.start() == 0 else mentions).append(hit)
            elif m.start() == 0 or _KIND_ANYWHERE.search(text):
                elsewhere.append(hit)
    return labels + mentions + elsewhere


def _cells_as_label(text: str) -> str:
    """A table row "| Beslutad av | Kommunfullmäktige |" read as "Beslutad av: Kommunfullmäktige"."""
    if not text.startswith("|"):
        return text
    cells = [cell.strip(" *_") for cell in text.strip("|").split("|")]
    cells = [cell for cell in cells if cell]
    return f"{cells[0]}: {' '.join(cells[1:])}" if len(cells) >= 2 else " ".join(cells)


def _find_date(header: Sequence[Line], rest: Sequence[Line]) -> str | None:
    """The decision date, else a "Datum" label, else the date the document takes effect."""
    for pattern in (_DECISION, _DATE_LABEL, _VALIDITY):
        for scope, k, text, m in _lines_saying((header, rest), pattern):
            if found := _date_after(scope, k, text, m):
                return found
    return None


def _clean_body(value: str) -> str | None:
    """The organ's name from what follows "Beslutad av": up to a date, comma or sentence end."""
    if m := _DATE_START.search(value):
        value = value[: m.start()]
    if m := _BODY_CUT.search(value):
        value = value[: m.start()]
    value = value.strip(" :–-\t|*_.")
    if value[:1].islower() and any(_BODY_WORD.search(word) for word in value.split(" ")[:6]):
        value = value[0].upper() + value[1:]  # "antagen av socialnämnden"
    if not value or not value[0].isalpha() or not value[0].isupper() or len(value) > 120:
        return None
    return without_letterhead(value)


def _find_body(header: Sequence[Line], rest: Sequence[Line]) -> str | None:
    """Who decided or issued the document, when the text says so."""
    for pattern in (_BODY_LABEL, _BODY_PHRASE):
        for scope, k, text, m in _lines_saying((header, rest), pattern):
            if found := _clean_body(_value_after(scope, k, text[m.end() :])):
                return found
    return None


def _find_diarienummer(header: Sequence[Line], rest: Sequence[Line]) -> str | None:
    """The registration number after "Dnr" or "Diarienummer"."""
    for scope in (header, rest):
        for k, line in enumerate(scope):
            text = normalise_line(line.text)
            m = diarienummer.LABEL.search(text)
            if not m:
                continue
            if value := diarienummer.read_value(_value_after(scope, k, text[m.end() :])):
                return value
    return None


# A governing document names the body it governs in its title: "Reglemente för socialnämnden",
# "Socialnämnden - reglemente", "Förbundsordning för Samordningsförbundet X". That body, not the council
# that adopted it, is whom staff look the document up by (and whose questions it answers).
_GOVERNS = re.compile(
    r"^(?:(?:gemensamt\s+)?reglemente|förbundsordning|arbetsordning|delegationsordning|instruktion)\s+för\s+(?P<after>.+)$"
    r"|^(?P<before>.+?)\s+[-–]\s+(?:reglemente|förbundsordning|arbetsordning|delegationsordning)$",
    re.I,
)
_GENERIC = re.compile(r"^(?:nämnden|styrelsen|utskottet|rådet|beredningen|direktionen|förbundet)$", re.I)
_GOVERNED_STEM = re.compile(r"nämnd|styrelse|fullmäktige|utskott|råd|beredning|förbund|direktion", re.I)


def governed_body(title: str | None) -> str | None:
    """The body a governing document's title says it governs, if it names one."""
    m = _GOVERNS.match((title or "").strip().rstrip("."))
    if not m:
        return None
    name = m.group("after") or m.group("before")
    if name.isupper():
        name = name.capitalize()
    name = re.split(
        r"\s+(?:i|inom)\s+(?=[A-ZÅÄÖ])|\s+(?i:i|inom)\s+\w+s?\s+(?i:kommun|region|län)\b|,|\s+(?:med|samt|och för)\s", name
    )[0]
    name = name.strip(" .:–-")
    words = name.split()
    # "Nässjö kommunfullmäktige": the place before a body named in lower case is not part of the name.
    if len(words) == 2 and words[0][:1].isupper() and words[1][:1].islower() and _GOVERNED_STEM.search(words[1]):
        name = " ".join(words[1:])
    if not name or not _GOVERNED_STEM.search(name) or len(name) > 100 or _GENERIC.match(name):
        return None  # "Arbetsordning för styrelsen": whose styrelse, the issuer says
    return name[:1].upper() + name[1:]


def _framed_title(lines: Sequence[Line]) -> str | None:
    """The document's title as the transcript site's page gives it, when the text's own title page is flattened
    beyond reading: only a title that names the document's kind."""
    title = page_title(lines)
    return title if title and _KIND_ANYWHERE.search(title) else None


def agreement_metadata(lines: Sequence[Line]) -> AgreementMeta:
    """Title, decision date, deciding body and diarienummer, as far as the text states them.

    The title page is searched first; the rest of the document only for statements that
    are clearly about the document itself, so a date an item merely mentions is not taken
    for the agreement's own.
    """
    header = _header(lines)
    seen = {line.start for line in header}
    rest = [line for line in lines if not line.furniture and line.start not in seen]
    title = _find_title(header) or _framed_title(lines)
    return AgreementMeta(
        title=title,
        date=_find_date(header, rest),
        body=governed_body(title) or _find_body(header, rest),
        diarienummer=_find_diarienummer(header, rest),
    )
