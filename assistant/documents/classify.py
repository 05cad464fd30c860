"""Telling a meeting protocol from an agreement, and both from anything else.

The two kinds are parsed differently (ärenden with decisions versus numbered sections),
so the kind must be known first. Single words do not decide it: protocols constantly
*mention* överenskommelser and riktlinjer in their items, and agreements mention
beslut. So each kind collects weighted evidence from the features that organise it
(attendance lists, justering, "§ 12", "Föredragande" for a protocol; a kind word in the
title, a hierarchical outline, "Parter", "Giltighetstid" for an agreement), each feature
counted only a few times, and the stronger side wins if it is strong enough. Text with
neither (a recipe, a novel, noise) gets None, which the caller reports to the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.documents.agreement import parse_sections
from assistant.documents.chrome import is_interface_line, is_transcript_mark
from assistant.documents.flattened import unflatten
from assistant.documents.lines import Line, mark_furniture, normalise_line, split_lines

Kind = Literal["protocol", "agenda", "agreement"]

_MIN_SCORE = 6.0  # below this the text is not taken for either kind
_MIN_FEATURES = 2  # one lucky word is never enough
_TITLE_AREA = 12  # title-like lines at the top that count as the title area
MAX_CHARS = 400_000  # evidence is plentiful long before this; bounds the work


@dataclass(frozen=True)
class _Signal:
    """One kind of evidence: a pattern, what each occurrence is worth, how many count."""

    name: str
    pattern: re.Pattern[str]
    weight: float
    cap: int


def _signal(name: str, pattern: str, weight: float, cap: int) -> _Signal:
    return _Signal(name, re.compile(pattern, re.I | re.M), weight, cap)


_ATTENDANCE_HEADINGS = (
    r"(?:närvarande|frånvarande|tjänstgörande)(?:\s+(?:ledamöter|ersättare))?|ledamöter|ersättare"
    r"|adjungerade|tjänstepersoner|beslutande|övriga\s+(?:närvarande|deltagare)"
)

_PROTOCOL_SIGNALS: tuple[_Signal, ...] = (
    _signal("protokoll", r"\bprotokoll(?:et|en|s)?\b", 1.5, 2),
    _signal("närvaro", rf"^\s*(?:{_ATTENDANCE_HEADINGS})\s*:?\s*$", 2.0, 4),
    _signal(
        "justering",
        r"\bjusterare\b|\bjusterandes\b|\bjustera\s+(?:dagens\s+)?protokollet|\bjusterar\s+protokollet",
        3.0,
        1,
    ),
    _signal("sammanträde", r"\bsammanträde\w*", 1.5, 2),
    _signal("föredragningslista", r"\bföredragningslista\w*|\bdagordning\w*", 2.0, 1),
    _signal("paragraf", r"^\s*(?:#{1,6}\s*)?(?:[A-ZÅÄÖ]{1,6}\s*)?§\s*\d{1,4}\b", 2.0, 3),
    _signal("ärende", r"^\s*ärende\s*$|^\s*ärenden\s*:|^\s*ärende\s+\d", 1.5, 1),
    _signal("beslutar", r"\bbeslut(?:ar|ade)\s*(?:att\b|:|enligt\b)", 1.0, 3),
    _signal("ärendetyp", r"\b(?:besluts|informations|anmälnings)ärende\b", 2.0, 3),
    _signal("föredragande", r"\bföredragande\b", 2.0, 3),
    _signal(
        "mötesfraser",
        r"\bmötet\s+öppnas\b|\bsammanträdet\s+(?:öppnas|avslutas)\b|\bnästa\s+möte\b"
        r"|\bövriga\s+frågor\b|\bföregående\s+protokoll\b|\bmötets\s+öppnande\b",
        1.5,
        3,
    ),
    _signal(
        "delgiven",
        r"\binformationen\s+är\s+delgiven\b|\bgodkän\w*\s+information\w*|\b(?:läggs|lades)\s+till\s+handlingarna\b",
        1.5,
        2,
    ),
    _signal("beslutsrad", r"^\s*(?:-\s*)?beslut\s*:?\s*$", 1.0, 3),
    _signal("roller", r"\bprotokollförare\b|\bsekreterare\b|\bordförande\b", 1.0, 1),
)

_SECTION_TITLES = (
    r"syfte\w*|ansvar\w*|bakgrund|inledning|definitioner|begrepp|omfattning|målgrupp\w*"
    r"|uppföljning|revidering|tvist\w*|uppsägning|giltighetstid|parter(?:na)?|avgränsning\w*"
)

_AGREEMENT_SIGNALS: tuple[_Signal, ...] = (
    _signal("parter", r"^\s*(?:#+\s*)?(?:\d+(?:\.\d+)*\.?\s+)?parter(?:na)?\s*$|\bparterna\b", 1.5, 2),
    _signal(
        "giltighet",
        r"\bgiltighetstid\b|\bgäller\s+(?:från|fr\.\s?o\.\s?m\.?|tills\s+vidare)\b|\bgiltig\s+från\b",
        2.0,
        1,
    ),
    _signal(
        "avsnittsrubrik", rf"^\s*(?:#+\s*)?(?:§\s*)?(?:\d+(?:\.\d+)*\.?\s+)(?:{_SECTION_TITLES})\b.{{0,40}}$", 1.0, 5
    ),
    _signal("steg", r"^\s*(?:#+\s*)?(?:steg|kapitel|kap\.|moment)\s+\d{1,2}\b", 1.0, 4),
    _signal(
        "fastställd",
        r"^\s*(?:fastställ[dt]|beslutad|beslutat|antagen|antaget|godkänd|godkänt)(?:\s+av\b|\s*[:\d])"
        r"|\b(?:Beslutsdatum|Beslutad av|Fastställd av|Antagen av)\b",
        1.5,
        1,
    ),
    # Sections written "1 § Verksamhetsområde": the form of reglementen and ordningar, which a
    # protocol uses for its items only rarely ("§ 12" is the protocol's form).
    _signal("paragraf efter nummer", r"^\s*(?:#{1,6}\s*)?\d{1,3}\s?§\s+[A-ZÅÄÖ]", 1.0, 4),
    _signal(
        "ansvarar",
        r"\b(?:kommunen|regionen|huvudm[aä]nnen|huvudmannen|parterna|vårdgivaren)\s+(?:ansvarar|ska\s+ansvara)\b",
        1.0,
        2,
    ),
    _signal(
        "självreferens",
        r"\b(?:denna|detta)\s+(?:överenskommelse|riktlinje|rutin|vägledning|avtal|policy|handlingsplan"
        r"|reglemente|arbetsordning|delegationsordning)\b"
        r"|\b(?:överenskommelsen|riktlinjen|rutinen|vägledningen|avtalet|policyn|handlingsplanen|reglementet"
        r"|arbetsordningen|delegationsordningen)\s+"
        r"(?:gäller|omfattar|reglerar|syftar|beskriver|följs\s+upp|ersätter)\b",
        1.0,
        3,
    ),
)

# Words that name a document of the agreement-like kinds: agreements and governing documents
# (reglemente, arbetsordning, delegationsordning, förbundsordning), which have sections, not meetings.
_KIND_WORD = re.compile(
    r"\b\w*(?:överenskommelse|riktlinje|rutin|vägledning|avtal|policy|handlingsplan|reglemente|arbetsordning"
    r"|delegationsordning|förbundsordning)\w*",
    re.I,
)
_PROTOCOL_WORD = re.compile(r"\bprotokoll", re.I)


def _count(signals: tuple[_Signal, ...], text: str) -> tuple[float, int]:
    """Score and number of distinct features found."""
    score, features = 0.0, 0
    for signal in signals:
        hits = sum(1 for _ in zip(range(signal.cap), signal.pattern.finditer(text)))
        score += signal.weight * hits
        features += hits > 0
    return score, features


def _title_area(lines: list[Line]) -> list[str]:
    """The first title-like lines: short, capitalised, not ending a sentence."""
    titles: list[str] = []
    for line in lines:
        if line.furniture or line.blank:
            continue
        s = normalise_line(line.text).lstrip("# ").strip()
        if len(s) > 150:  # a flattened page: its title is its start, up to the first label or sentence end
            s = re.split(r"\s(?=[A-ZÅÄÖ][a-zåäö]+:\s)|(?<=[.!?])\s", s[:150], maxsplit=1)[0]
        if s and s[0].isalpha() and s[0].isupper() and len(s) <= 150 and not s.endswith("."):
            titles.append(s)
        if len(titles) >= _TITLE_AREA:
            break
    return titles


def _protocol_evidence(text: str, titles: list[str]) -> tuple[float, int]:
    score, features = _count(_PROTOCOL_SIGNALS, text)
    if any(_PROTOCOL_WORD.search(title) for title in titles[:3]):
        score, features = score + 3.0, features + 1  # "Protokoll Länssamverkansgruppen"
    return score, features


def _agreement_evidence(text: str, lines: list[Line], titles: list[str]) -> tuple[float, int]:
    score, features = _count(_AGREEMENT_SIGNALS, text)
    if any(_KIND_WORD.search(t) and not _PROTOCOL_WORD.search(t) for t in titles[:6]):
        score, features = score + 4.0, features + 1
    nested = sum(1 for item in parse_sections(lines) if "." in item.number)
    if nested:
        score, features = score + 1.5 * min(nested, 4), features + 1
    return score, features


_MEETING_LABEL = re.compile(
    rf"^\s*(?i:{_ATTENDANCE_HEADINGS}|utses\s+att\s+justera|justerare|justerande|justeringens\s+plats(?:\s+och\s+tid)?)"
    r"\s*(?::|$|\s+[A-ZÅÄÖ])",  # a label, alone or before a name: not "Ersättare tjänstgör när …"
)


def governing_title(lines: list[Line]) -> bool:
    """The document's own title (its first two title lines) names an agreement-like kind."""
    return _governing_title(_title_area(lines))


def _governing_title(titles: list[str]) -> bool:
    return any(_KIND_WORD.search(t) and not _PROTOCOL_WORD.search(t) for t in titles[:2])


def _meeting_structure(lines: list[Line]) -> bool:
    """Whether the text lists a meeting's people: attendance headings or the justerare label."""
    return any(_MEETING_LABEL.match(normalise_line(line.text)) for line in lines if not line.blank)


_AGENDA_TITLE = re.compile(r"\b(?:kallelse|föredragningslista|dagordning)\b", re.I)


def is_agenda(text: str) -> bool:
    """A notice of a meeting with its agenda (kallelse, föredragningslista): proposals, no decisions."""
    first = [line.stripped for line in split_lines(text[:5_000]) if not line.blank][:3]
    if not first or any(_PROTOCOL_WORD.search(line) for line in first):
        return False
    return _AGENDA_TITLE.search(normalise_line(first[0])) is not None  # the document's title is the agenda


# An agenda names itself near the top ("KALLELSE/FÖREDRAGNINGSLISTA", "Ärendelista 11 maj 2015", "Ärenden
# till kommunfullmäktige") but not as an item's title ("Fastställande av dagordning"), or is a meeting's
# own page ("Sammanträde 2018-10-02", "Möte 2019-03-25", "Regionfullmäktige 2020-09-22") whose items carry
# proposals ("Kommunstyrelsens förslag till beslut") and no adjusted decisions.
_AGENDA_WORD = re.compile(
    r"(?<!\bav )(?<!\bom )\b(?:kallelse|föredragningslista|dagordning|ärendelista|ärenden till)\b", re.I
)
_MEETING_PAGE = re.compile(
    r"^(?:(?i:sammanträde|möte|sammanträdet|mötet)(?:\s+(?:den|med))?\s+"
    r"|[A-ZÅÄÖ][\w-]*(?i:nämnd|styrelse|fullmäktige|utskott|råd|beredning|grupp|direktion)\w*(?:\s[\w-]+){0,3}\s+)"
    r"\d{4}-\d{2}-\d{2}$"
)
_PROTOCOL_HEAD = re.compile(r"\b(?:sammanträdes|mötes)?protokoll(?:et)?\b|\bminnesanteckningar\b", re.I)
_PROPOSAL = re.compile(r"\bförslag\s+till\s+beslut\b|\bföreslås\s+besluta\b|\bföreslår\s+att\s+\w+\s+beslutar\b", re.I)
_ADJUSTED = re.compile(
    r"\butses\s+att\s+justera\b|\bjusterandes?\s+sign|\bjusteringens\s+plats|\bprotokollet\s+(?:är\s+)?justera"
    r"|\bjusterare\s*:?\s+[A-ZÅÄÖ][a-zåäö]+\s+[A-ZÅÄÖ]|\bbeslutande\s*:?\s+[A-ZÅÄÖ]|\banslag/bevis\b"
    r"|^\s*(?:sammanträdes|justerat\s+)?protokoll\b",
    re.I | re.M,
)
_AGENDA_MIN = 3.0


def _agenda_evidence(text: str, lines: list[Line]) -> float:
    """How strongly the text reads as an agenda rather than a record of decisions."""
    head = [normalise_line(line.text) for line in lines if not line.blank and not line.furniture][:6]
    opening = next((i + 1 for i, line in enumerate(lines[:40]) if is_transcript_mark(line.text)), 0)  # after a frame
    top = [
        normalise_line(line.text)
        for line in lines[opening : opening + 40]
        if not line.blank and not is_interface_line(line.text)
    ][:4]
    if any(_PROTOCOL_HEAD.search(h[:160]) for h in top):
        return 0.0  # the document calls itself a protocol (its agenda may stand in its header)
    score = 0.0
    if any(_AGENDA_WORD.search(h[:160]) for h in head):
        score += 4.0
    if any(_MEETING_PAGE.match(h) for h in head[:3]):
        score += 3.0
    score += 2.0 * min(3, len(_PROPOSAL.findall(text)))
    score -= 2.5 * min(4, len(_ADJUSTED.findall(text)))
    return score


def detect_kind(text: str, lines: list[Line] | None = None) -> Kind | None:
    """ "protocol", "agenda", "agreement", or None when the text is none of them.

    Each side needs at least two distinct features and a minimum score; if both qualify
    the stronger wins, and a tie is left undecided rather than guessed.
    """
    text = text[:MAX_CHARS]
    if is_agenda(text):
        return "agenda"
    if lines is None:  # the parser passes the lines it has marked already: reading them is half the work
        lines = mark_furniture(unflatten(split_lines(text))[0])
    if _agenda_evidence(text, lines) >= _AGENDA_MIN:
        return "agenda"
    titles = _title_area(lines)
    protocol, p_features = _protocol_evidence(text, titles)
    agreement, a_features = _agreement_evidence(text, lines, titles)
    if _governing_title(titles) and not _meeting_structure(lines) and len(parse_sections(lines)) >= 2:
        # "Reglemente för socialnämnden", "Arbetsordning för styrelsen": a document about how meetings are
        # held talks of sammanträden, protokoll and justering, but lists no one who attended or adjusts.
        return "agreement"
    if p_features < _MIN_FEATURES or protocol < _MIN_SCORE:
        protocol = 0.0
    if a_features < _MIN_FEATURES or agreement < _MIN_SCORE:
        agreement = 0.0
    if protocol > agreement:
        return "protocol"
    if agreement > protocol:
        return "agreement"
    return None
