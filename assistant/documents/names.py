"""Recognising Swedish personal names, so presenters and attendees are told apart from bodies.

A name here is two to four capitalised words ("Anna-Stina Bergström", "Kerstin Olla
Grahn"). Organisations look similar ("Region Västerbotten", "Umeå Kommun"), so words
that mark an organisation or a role disqualify a candidate.
"""

from __future__ import annotations

import re

_WORD = r"[A-ZÅÄÖÉÜ][a-zåäöéüèáíóúøæ]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüèáíóúøæ]+)?"
_PARTICLE = r"(?:von|af|av|de|van|der|den|la|le|du|da|di|zu|ter)"  # "Carl von Platen", "Ebba af Klercker"
_INITIAL = r"[A-ZÅÄÖ]\."  # "A. Berg"
NAME_PATTERN = rf"(?:{_WORD}|{_INITIAL})(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_WORD}){{1,3}}"
NAMES_PATTERN = rf"{NAME_PATTERN}(?:[ \t]*(?:,|\boch\b|\bsamt\b)[ \t]*{NAME_PATTERN})*"

_ORGANISATION_WORDS = {
    "region",
    "regionen",
    "kommun",
    "kommunen",
    "kommuner",
    "landsting",
    "landstinget",
    "län",
    "länet",
    "samråd",
    "beredning",
    "beredningen",
    "nämnden",
    "styrelsen",
    "förvaltning",
    "förvaltningen",
    "socialtjänst",
    "socialtjänsten",
    "hälsocentral",
    "sjukhus",
    "universitet",
    "ordförande",
    "protokollförare",
    "sekreterare",
    "justerare",
    "strateg",
    "utvecklingsledare",
    "information",
    "informationen",
    "beslut",
    "föredragande",
    "lokalt",
    "nationell",
    "nationella",
    "ärende",
    "ärendet",
    "mötet",
    "protokoll",
    "rådet",
    "gruppen",
    "enheten",
    "avdelningen",
}
_ORGANISATION_SUFFIXES = (
    "gruppen",
    "grupp",
    "nämnden",
    "nämnd",
    "styrelsen",
    "styrelse",
    "rådet",
    "kommun",
    "förvaltningen",
    "förvaltning",
    "utskottet",
    "utskott",
    "förbundet",
    "förbund",
    "fullmäktige",
    "beredningen",
    "enheten",
    "kansliet",
    "myndigheten",
    "kassan",
    "förmedlingen",
    "centrum",
    "centralen",
    "sjukhuset",
    "skolan",
    "bolaget",
)
ROLE_WORDS = {
    "ordförande",
    "vice",
    "ordf",
    "ordf.",
    "sekreterare",
    "protokollförare",
    "justerare",
    "regiondirektör",
    "socialchef",
    "hälso-",
    "verksamhetschef",
    "förvaltningschef",
    "strateg",
    "utvecklingsledare",
    "samordnare",
    "koordinator",
}


def is_person_name(text: str) -> bool:
    """Whether `text` as a whole looks like a person's name rather than an organisation."""
    s = text.strip()
    if not re.fullmatch(NAME_PATTERN, s):
        return False
    for word in s.split():
        lower = word.lower()
        if lower in _ORGANISATION_WORDS or lower.endswith(_ORGANISATION_SUFFIXES):
            return False
    return True


def split_names(text: str) -> list[str]:
    """Split "A, B och C" into names, keeping only those that look like people."""
    names: list[str] = []
    for part in re.split(r"\s*(?:,|\boch\b|\bsamt\b)\s*", text.strip()):
        if name := longest_name_prefix(part):
            names.append(name)
    return names


_ACADEMIC = re.compile(r"^(?:Dr\.?|Docent|Professor|Prof\.|Med\.?\s?dr)$", re.I)
_JOB_TITLE = re.compile(
    r"^[A-ZÅÄÖ][a-zåäö-]*(?:chef|direktör|sekreterare|strateg|samordnare|ledare|ansvarig|handläggare|controller"
    r"|koordinator|läkare|sjuksköterska|jurist|ordförande|råd|kommissionär|inspektör|utredare|rektor)$"
)


def longest_name_prefix(text: str) -> str | None:
    """The longest run of leading words that is a name ("Anders Wink Information" -> "Anders Wink").

    A capitalised job title in front ("Ekonomichef Ulla Viklund") is not part of the name.
    """
    words = text.split()
    if len(words) > 2 and (_JOB_TITLE.match(words[0]) or _ACADEMIC.match(words[0])):
        words = words[1:]
    for k in range(min(len(words), 4), 1, -1):
        candidate = " ".join(words[:k])
        if is_person_name(candidate):
            return candidate
    return None
