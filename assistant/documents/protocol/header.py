"""The meeting's own facts, read from the lines before the first item: body, date, dnr, time, place.

Most protocols label these ("Datum och tid:", "Plats:", "Dnr:"); the body is in the title
("Protokoll Länssamverkansgruppen"). When the header page is missing, the body can still be
read off the items, because decisions are written with the body as their subject
("Samråd hälsa, vård och omsorg godkände informationen").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.documents.chrome import is_interface_line, is_transcript_mark
from assistant.documents.dates import MONTHS, find_date, find_year
from assistant.documents.diarienummer import find_diarienummer
from assistant.documents.labels import INLINE_LABEL, LABELS, segments, split_label
from assistant.documents.lines import FUNCTION_WORDS, Line
from assistant.documents.organisations import without_letterhead
from assistant.documents.protocol.headings import table_cells

_TITLE = re.compile(
    r"^(?:#+\s*)?(?:sammanträdes|justerat\s+)?protokoll(?:\s+§*\s*\d{1,4}\s*[-–]\s*\d{1,4})?(?:\s+(?:från|för|vid|över))?"
    r"(?:\s+(?:sammanträde(?:t)?|möte(?:t)?)\s+(?:med|i|för))?(?:\s*[–:,-])?\s+(?P<body>[^\W\d_].*)$",
    re.I,
)
_BODY_LABEL = re.compile(r"^(?:Organ|Nämnd|Instans|Beslutsinstans|Styrelse|Grupp)\s*:\s*(?P<body>\S.+)$", re.I)

# A line naming a body: its first or last word is a kind of body ("Socialnämndens arbetsutskott",
# "Samverkansgrupp barn och unga, Skellefteå", "Hälso- och sjukvårdsnämnden").
_BODY_STEMS = (
    r"(?:nämnd|styrelse|fullmäktige|utskott|grupp|råd|beredning|samråd|förbund|direktion|kommitt[eé]"
    r"|presidi|delegation|nätverk)"
)
_BODY_LINE = re.compile(
    rf"^(?=.{{3,80}}$)(?=[A-ZÅÄÖ])(?:(?:[\w-]+\s)?[\w-]*(?i:{_BODY_STEMS})\w*\b[^.:;!?]*"
    rf"|[^.:;!?]*\b\w*{_BODY_STEMS}\w*)$"
)  # "Socialnämnden", "Gemensamma nämnden för hjälpmedel", "Samverkansgrupp barn och unga"
# The same labels where extraction lost the colon and glued the value on: "Organ Omsorgsnämnden",
# "Organ och Socialnämnden" (an "Organ och datum" label's first words), "Beslutsinstans Socialnämnden".
_BODY_LABEL_GLUED = re.compile(
    rf"\b(?:Organ(?:\s+och)?|Beslutsinstans|Instans)\s+(?P<body>[A-ZÅÄÖ][\w-]*(?i:{_BODY_STEMS})\w*(?:\s+[a-zåäö][\w-]*)*)"
)
_TRAILING_PLACE = re.compile(r"\s+i\s+[A-ZÅÄÖ][\w-]*\s+(?:kommun|region|län)$")  # "… i Storbyns kommun"
# "Protokoll från sammanträdet den 6 maj 2025": the title names the meeting, not a body.
_MEETING_NOT_BODY = re.compile(r"^(?:sammanträde\w*|möte\w*|den\b|från\b|\()", re.I)
# The kind of document after the body: "Äldrenämnden Sammanträdesprotokoll", "Socialnämnden PROTOKOLL".
_PROTOCOL_TAIL = re.compile(r"\s*[–:-]?\s+(?i:(?:sammanträdes|justerat\s+)?protokoll(?:et)?)$")
_FOERT_VID = re.compile(r"^fört vid\s+(?:sammanträde(?:t)?\s+(?:med|i)\s+)?", re.I)
_MEETING_DATE_LABEL = re.compile(r"^(?:Sammanträdesdatum|Mötesdatum|Sammanträdesdag)\b", re.I)
_OTHER_DATE_LABEL = re.compile(
    r"^(?:Datum (?:då|för) anslag|Anslag|Justeringsdatum|Justeringens|Datum för justering|Protokollet justerat)", re.I
)
_DATE_LABEL = re.compile(
    r"^(?:Datum|Sammanträdesdatum|Mötesdatum|Datum och tid|Tid och datum|Tid och plats|Tid)\b", re.I
)
_TIME = re.compile(r"\bkl(?:ockan)?\.?\s*(\d{1,2}(?:[.:]\d{2})?)(?:\s*[-–]\s*(\d{1,2}(?:[.:]\d{2})?))?", re.I)
_TIME_RANGE = re.compile(r"\b(\d{1,2}[.:]\d{2})\s*[-–]\s*(\d{1,2}[.:]\d{2})\b")  # in a "Tid:" line, no "kl"
_TIME_LABEL = re.compile(r"^(?:Tid|Datum och tid|Tid och plats|Plats och tid|Tid och datum)\b", re.I)
_PLACE = re.compile(r"^(?:Plats|Lokal|Mötesplats|Plats och tid|Tid och plats)\s*:\s*(?P<place>\S.*)$", re.I)

_SUBJECT_VERB = re.compile(
    r"^(?P<subject>[A-ZÅÄÖ][^.:\n]{2,80}?)\s+(?:godkände|godkänner|beslutar|beslutade|beslöt|fastställer"
    r"|fastställde|noterar|noterade|antar|antog|tar del av|tog del av|ställer sig bakom)\b"
)
_GENERIC_BODY = re.compile(r"^(?:Nämnden|Styrelsen|Utskottet|Gruppen|Rådet|Beredningen|Fullmäktige|Samrådet)$", re.I)
_NOT_A_BODY = re.compile(
    r"^(?:Informationen|Rapporten|Föregående|Protokollet|Ärendet|Förslaget|Mötet|Den|Det|Detta)\b", re.I
)


@dataclass(frozen=True)
class MeetingFacts:
    """What the header says about the meeting; None where it does not say."""

    body: str | None = None
    title: str | None = None
    date: str | None = None
    diarienummer: str | None = None
    time: str | None = None
    place: str | None = None


_MONTHS = "(?:" + "|".join(MONTHS) + ")"
# What PDF extraction and page headers glue after a body's name: a date in any form, a page counter,
# the next label of the header ("Datum för anslags uppsättande", "Sammanträdesdatum", "Sida").
_BODY_TAIL = re.compile(
    rf"\s+(?:(?:(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?\s+)?(?:den\s+)?\d{{1,2}}\s+{_MONTHS}\b"
    rf"|\d{{1,3}}\s?[(\[]\s?\d{{1,3}}\s?[)\]]|[(\[]\s?\d{{1,3}}\s?[)\]]"
    rf"|(?:Datum|Sammanträdesdatum|Sammanträdesdag|Mötesdatum|Anslag\w*|Förvaringsplats|Underskrift|Paragrafer"
    rf"|Justerare|Justerat|Justering\w*|Sida|Sid\.|Plats och tid|Tid och plats|Tid|Plats|Kl\.?|Nr)\b).*$"
)
# "Direktionens protokoll", "Styrelsens sammanträde": the body in the genitive before the document's name.
_GENITIVE = re.compile(
    r"^(?P<body>\w+?(?:en|et|na|ne))s\s+(?:(?:extra|ordinarie|konstituerande)\s+)?(?:protokoll|sammanträde|möte)\w*\b.*$",
    re.I,
)
# A body named as an indefinite capitalised word ("FOLKHÄLSORÅD"): the name is its definite form.
_DEFINITE = (("råd", "et"), ("nämnd", "en"), ("styrelse", "n"), ("utskott", "et"), ("beredning", "en"),
             ("direktion", "en"), ("grupp", "en"), ("delegation", "en"))  # fmt: skip
# Words with a body's stem that name no body: "Kommunstyrelseförvaltningen", "Nämndsekreterare".
_NOT_BODY_WORD = re.compile(
    r"(?:förvaltning|kontor|enhet|sekreterare|ordförande|ledamot|ledamöter|ersättare|beslut|möte|sammanträde|protokoll"
    r"|handling|ärende|lista|rum|sal)\w*$",
    re.I,
)
_NAME_WORD = re.compile(r"[A-ZÅÄÖa-zåäö][\w-]*")
_SENTENCE_WORDS = {"ska", "skall", "har", "är", "kan", "får", "bör", "blir", "var", "beslutar", "beslutade", "meddela"}


_MEETING_WITH = re.compile(r"^(?:möte|mötet|sammanträde|sammanträdet)\s+(?:med|i)\s+", re.I)
_AGENDA_LEAD = re.compile(r"^.*\b(?:kallelse|föredragningslista|dagordning|ärendelista)\b[/\s]*(?=\S)", re.I)


def _clean_body(text: str) -> str:
    """ "fört vid sammanträde med vård- och omsorgsnämnden i Storbyns kommun" -> "Vård- och omsorgsnämnden";
    "Kommunala pensionärsrådet 10 april (10)" -> "Kommunala pensionärsrådet"; "Direktionens protokoll 31 maj
    2024" -> "Direktionen"."""
    body = re.sub(r"\s*\d{4}-\d{2}-\d{2}.*$", "", text).strip(" ,:-–")
    body = _BODY_TAIL.sub("", body).strip(" ,:-–")
    body = _MEETING_WITH.sub("", body)  # "Möte med sektionens styrelse"
    body = re.split(r"\s+(?=\S*[/\d])", body, maxsplit=1)[0]  # "Landstingsstyrelsen lk/": a reference follows
    # "Kommunstyrelseförvaltningen KALLELSE/FÖREDRAGNINGSLISTA SOCIALNÄMNDEN": the body follows the agenda's name.
    body = _AGENDA_LEAD.sub("", body) or body
    if m := _GENITIVE.match(body):
        body = m.group("body")
    body = _TRAILING_PLACE.sub("", _FOERT_VID.sub("", body))
    body = without_letterhead(_PROTOCOL_TAIL.sub("", body))
    body = re.sub(r"s sammanträde$", "", body)  # "styrelsens sammanträde" -> "styrelse(n)"
    if body.isupper():
        body = body.capitalize()
        if " " not in body:
            body = next((body + end for stem, end in _DEFINITE if body.lower().endswith(stem)), body)
        return body
    return body[:1].upper() + body[1:]


def plausible_body(body: str | None) -> str | None:
    """The body, unless it is a meeting's name, a number or a sentence ("Utskottssammanträde 2025/26:32",
    "ANSLAG/BEVIS Protokollet är justerat."): a body's name ends no sentence and has no verb."""
    if not body or re.search(r"\d", body) or len(body.split()) > 10 or body.endswith("."):
        return None
    if any(w in _SENTENCE_WORDS for w in body.lower().split()):
        return None  # "Fullmäktige ska i en arbetsordning meddela …": a sentence
    if _NOT_BODY_WORD.search(body.split()[-1]) or _GENERIC_BODY.match(body):
        return None
    return body


def body_in_text(text: str) -> str | None:
    """The first body's name inside a line of other words ("Kommunstyrelseförvaltningen KALLELSE/
    FÖREDRAGNINGSLISTA SOCIALNÄMNDEN" -> "Socialnämnden"), with what belongs to it ("Vård- och
    omsorgsnämnden", "Beredningen för vård och rehabilitering")."""
    words = text.replace("/", " ").split()
    # "… Räddningstjänsten Östra Götaland Direktionen Sammanträdesprotokoll 4/": the body stands right before
    # the name of the document.
    for k, word in enumerate(words[1:], start=1):
        if re.fullmatch(r"(?i:(?:sammanträdes)?protokoll|kallelse)", word) and re.search(_BODY_STEMS, words[k - 1], re.I):
            if not _NOT_BODY_WORD.search(words[k - 1]) and words[k - 1][:1].isupper():
                return _clean_body(words[k - 1])
    for k, word in enumerate(words):
        bare = word.strip(",.:;()")
        if not re.search(_BODY_STEMS, bare, re.I) or _NOT_BODY_WORD.search(bare) or not bare[:1].isupper():
            continue
        if re.search(rf"{_BODY_STEMS}\w*s$", bare, re.I) and not bare.lower().endswith(("förbunds", "råds")):
            continue  # a genitive ("Kommunstyrelsens förslag") owns something else; it is not the meeting
        start = k
        if k >= 2 and words[k - 1].lower() == "och" and words[k - 2].endswith("-"):
            start = k - 2  # "Vård- och omsorgsnämnden"
        end = k + 1
        while end + 1 < len(words) and words[end].lower() in ("för", "i") and _NAME_WORD.fullmatch(words[end + 1]):
            end += 2
            if end + 1 < len(words) and words[end].lower() == "och" and _NAME_WORD.fullmatch(words[end + 1]):
                end += 2
        name = " ".join(words[start:end]).strip(",.:;()")
        return _clean_body(name) if len(name) >= 4 else None
    return None


_MEETING_FACT = re.compile(r"^(?:Datum|Sammanträdesdatum|Mötesdatum|Tid och plats|Plats och tid|Datum och tid)\b", re.I)
_PROTOCOL_WORD = re.compile(r"^(?:#+\s*)?(?:sammanträdes)?protokoll\b", re.I)


def starts_meeting(lines: Sequence[Line], i: int) -> bool:
    """Whether a new protocol begins at line `i`: a "Protokoll …" title followed, within a few
    lines, by the new meeting's date or time line."""
    if lines[i].furniture or not _PROTOCOL_WORD.match(lines[i].stripped):
        return False
    following = [line for line in lines[i + 1 : i + 12] if not line.blank and not line.furniture]
    return any(_MEETING_FACT.match(text) for line in following for text in segments(line.text))


def header_texts(header: Sequence[Line]) -> list[str]:
    """The header's lines as separate texts, columns split apart and labels given a colon.

    A header laid out in columns ("Socialnämnden      Sammanträdesdatum 2025-03-12",
    "Plats och tid      Kommunhuset, kl. 13.00") becomes "Socialnämnden",
    "Sammanträdesdatum: 2025-03-12", "Plats och tid: Kommunhuset, kl. 13.00".
    """
    texts: list[str] = []
    for line in header:
        cells = table_cells(line.text)  # a header laid out as a table row: "| Region X Nämnden | Protokoll … |"
        raw = cells if cells is not None else [line.text]
        parts = [text for cell in raw for part in segments(cell) for text in _split_at_labels(part)]
        i = 0
        while i < len(parts):
            if parts[i].lower() in LABELS and i + 1 < len(parts) and parts[i + 1].lower() not in LABELS:
                texts.append(f"{parts[i]}: {parts[i + 1]}")  # a label in one column, its value in the next
                i += 2
            else:
                texts.append(parts[i])
                i += 1
    return texts


def _split_at_labels(segment: str) -> list[str]:
    """ "Vård- och omsorgsnämnden Sammanträdesdatum 2025-10-21" -> the body and "Sammanträdesdatum: 2025-10-21":
    a label inside a cell, where PDF extraction ran two header cells together."""
    cuts = [m.start() for m in INLINE_LABEL.finditer(segment) if m.start() > 0]
    if not cuts:
        return [segment]
    pieces = [segment[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(segment)])]
    return [p for piece in pieces if (p := _as_label(piece))]


def _as_label(piece: str) -> str:
    if split := split_label(piece):
        label, value = split
        return f"{label}: {value}" if value else label
    return piece


def _place(value: str) -> str | None:
    """A place from "Kommunhuset, sal 3, kl. 13.00–16.30" or "2025-03-12 kl 9, Teams": no dates or times."""
    value = _TIME.sub("", value)
    value = re.sub(r"\b(?:(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?|den)\b", "", value, flags=re.I)
    value = re.sub(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\s+[a-zåäö]+\s+\d{4}\b", "", value)
    value = re.sub(r"^[\s,;–-]+|[\s,;–-]+$", "", re.sub(r"\s*,(?:\s*,)+", ",", re.sub(r"\s+", " ", value)))
    return value or None


def read_header(header: Sequence[Line]) -> MeetingFacts:
    """Read the meeting facts from the header lines (everything before the first item).

    Furniture lines count here: a running page header ("Socialnämnden  2025-03-12") is
    often the only place that names the body and the date.
    """
    every = header_texts(header)
    # A site's interface lines name no body ("Download …" repeats the page's title), but their dates
    # may be the only whole ones ("Download "Kommunala pensionärsrådet 10 april 2014 1 (10) …"").
    texts = [t for t in every if not (is_interface_line(t) or is_transcript_mark(t))] or every
    body = title = dnr = time = place = None
    for s in texts:
        if title is None and (m := _TITLE.match(s)):
            title = s.lstrip("# ")
            named = _clean_body(m.group("body"))
            wrapped = named.rsplit(" ", 1)[-1].lower() in FUNCTION_WORDS  # "… med styrelsen för" / next line
            body = named if not _MEETING_NOT_BODY.match(named) and not wrapped else body
        elif body is None and (m := _BODY_LABEL.match(s)):
            body = _clean_body(m.group("body"))
        if dnr is None:
            dnr = find_diarienummer(s)
        if place is None and (m := _PLACE.match(s)):
            place = _place(m.group("place"))
        if time is None and ((m := _TIME.search(s)) or (_TIME_LABEL.match(s) and (m := _TIME_RANGE.search(s)))):
            time = "–".join(g.replace(":", ".") for g in m.groups() if g)
    if body is None:
        cleaned = (_clean_body(s) for s in texts[:15] if len(s) < 120)
        body = next((c for c in cleaned if _BODY_LINE.match(c)), None) or _body_elsewhere(texts)
    if body and _GENERIC_BODY.match(body) and (owner := _owner(texts, title)):
        body = f"{owner}, {body.lower()}"  # "Protokoll fört vid styrelsens sammanträde" under its owner's name
    elif body and not plausible_body(body) and not _BODY_LABEL.match(body):
        body = plausible_body(_body_elsewhere(texts))

    year = find_year(dnr or "") or next((y for s in texts if (y := _year_in_title(s, title))), None)
    # The meeting's own date label wins over other dated labels ("Datum då anslaget sätts upp").
    meeting = [s for s in texts if _MEETING_DATE_LABEL.match(s)]
    labelled = [s for s in texts if _DATE_LABEL.match(s) and not _OTHER_DATE_LABEL.match(s)]
    date = (
        next((d for s in meeting if (d := find_date(s, year))), None)
        or next((d for s in labelled if (d := find_date(s, year))), None)
        or next((d for s in every[:20] if not _OTHER_DATE_LABEL.match(s) and (d := find_date(s, year))), None)
    )
    return MeetingFacts(
        body=body,
        title=title,
        date=date.isoformat() if date else None,
        diarienummer=dnr,
        time=time,
        place=place,
    )


def _owner(texts: Sequence[str], title: str | None) -> str | None:
    """The organisation named on the first line, above a title that names only "styrelsen"."""
    first = texts[0] if texts else ""
    if first and first != (title or "").lstrip("# ") and ":" not in first and not re.search(r"\d", first):
        return first if first[:1].isupper() and len(first.split()) <= 6 else None
    return None


def _year_in_title(s: str, title: str | None) -> int | None:
    return find_year(s) if title and s == title.lstrip("# ") else None


def body_from_decisions(paragraphs: Sequence[str]) -> str | None:
    """The body named as the subject of two or more decision sentences, if any."""
    subjects: Counter[str] = Counter()
    for p in paragraphs:
        m = _SUBJECT_VERB.match(p.strip())
        if m and not _NOT_A_BODY.match(m.group("subject")) and not _GENERIC_BODY.match(m.group("subject").strip()):
            subjects[m.group("subject").strip()] += 1
    if not subjects:
        return None
    subject, count = subjects.most_common(1)[0]
    return subject if count >= 2 else None


_MEETING_CRUMB = re.compile(r"^(?:sammanträde|möte|protokoll|kallelse|handlingar)\b", re.I)


def body_from_breadcrumbs(trail: Sequence[str]) -> str | None:
    """The body a meeting portal's breadcrumbs name: the part before "Sammanträde 2018-10-02", or the last
    part that names a body ("Hem > Tyresö kommun > Kommunstyrelsen > Sammanträde 2018-10-02")."""
    for k, part in enumerate(trail):
        if _MEETING_CRUMB.match(part) and k > 0 and _BODY_LINE.match(trail[k - 1]):
            return _clean_body(trail[k - 1])
    return next((_clean_body(p) for p in reversed(trail) if _BODY_LINE.match(p) and not _MEETING_CRUMB.match(p)), None)


def _body_elsewhere(texts: Sequence[str]) -> str | None:
    """The body when no header line is one: a glued label's, else one named inside the first lines."""
    return body_from_labels(texts) or next((b for s in texts[:6] if (b := body_in_text(s))), None)


def body_from_labels(texts: Sequence[str]) -> str | None:
    """The body a glued label names ("… Organ och Socialnämnden Anslaget uppsättes …"), anywhere in `texts`."""
    for text in texts:
        if m := _BODY_LABEL_GLUED.search(text):
            return _clean_body(m.group("body"))
    return None


def body_from_running_headers(headers: Sequence[str]) -> str | None:
    """The body a page's running header names ("Socialnämnden (27)", "Kommunala pensionärsrådet 10 april
    (10)"), when two pages agree or only one page has a header."""
    named = Counter(c for h in headers if _BODY_LINE.match(c := _clean_body(h)) and not _GENERIC_BODY.match(c))
    if not named:
        return None
    body, count = named.most_common(1)[0]
    return body if count >= 2 or len(named) == 1 else None
