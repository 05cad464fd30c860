"""Attendance: who was present, absent, co-opted or otherwise there, and who held which role.

Attendance lists come as "Namn, Organisation" lines, as "Namn (parti) Organisation" lines,
or, when a PDF's two-column table was extracted column by column, as a run of names
followed by an equally long run of organisations. The last form is zipped back together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from assistant.documents.lines import Line
from assistant.documents.models import Attendance, Person
from assistant.documents.names import (
    NAME_PATTERN,
    NAMES_PATTERN,
    longest_name_prefix,
    split_names,
)

_GROUPS: list[tuple[str, re.Pattern[str]]] = [
    (
        "present",
        re.compile(
            r"^(?:Närvarande(?: ledamöter| beslutande)?|(?:Beslutande|Tjänstgörande)(?: ledamöter)?|Ledamöter|Deltagare)$",
            re.I,
        ),
    ),
    ("absent", re.compile(r"^(?:Frånvarande(?: ledamöter| ersättare)?|(?:Anmält )?förhinder)$", re.I)),
    ("substitutes", re.compile(r"^(?:(?:Tjänstgörande |Närvarande |Ej tjänstgörande )?ersättare)$", re.I)),
    ("co_opted", re.compile(r"^Adjungerade?$", re.I)),
    (
        "others",
        re.compile(
            r"^(?:Övriga(?: närvarande| deltagare| deltagande)?|Tjänstepersoner|Tjänstemän|Närvarande tjänstepersoner|Övriga tjänstepersoner)$",
            re.I,
        ),
    ),
]
_ROLES: dict[str, str] = {
    "ordförande": "ordförande",
    "ordf": "ordförande",
    "vice ordförande": "vice ordförande",
    "vice ordf": "vice ordförande",
    "1:e vice ordförande": "vice ordförande",
    "2:e vice ordförande": "vice ordförande",
    "protokollförare": "protokollförare",
    "sekreterare": "protokollförare",
    "nämndsekreterare": "protokollförare",
    "justerare": "justerare",
    "ersättare": "ersättare",
    "tjänstgörande ersättare": "tjänstgörande ersättare",
}
_ROLE_LABEL = re.compile(
    r"^(?P<role>Ordförande|Vice ordförande|Sekreterare|Protokollförare|Justerare|Justerande)\s*:?\s+(?P<names>"
    + NAMES_PATTERN
    + r")\s*$",
    re.I,
)
_PARTY = re.compile(r"^\s*\((?P<party>[A-Za-zÅÄÖåäö]{1,4})\)\s*")
_NAME_PREFIX = re.compile(rf"^(?P<name>{NAME_PATTERN})(?=$|[\s,(])")
_ADJUSTER_PATTERNS = [
    re.compile(rf"(?P<names>{NAMES_PATTERN})\s+justerar\b"),
    re.compile(
        rf"\b[Jj]usterare\b[^.\n]*?\b(?:beslutades till|blev|blir|är|utses till|utses|utsågs|valdes till|valdes|väljs)\s+(?P<names>{NAMES_PATTERN})"
    ),
    re.compile(
        rf"\bjustera\s+(?:dagens\s+)?protokoll(?:et)?\s+(?:utses|utsågs|valdes|väljs)\s+(?P<names>{NAMES_PATTERN})"
    ),
    re.compile(
        rf"\b(?:utses|utse|utsågs|valdes|välja|väljs)\s+(?P<names>{NAMES_PATTERN})\s+(?:att\s+)?(?:jämte ordföranden\s+)?(?:till\s+)?justera"
    ),
    re.compile(rf"^Justerare\s*:\s*(?P<names>{NAMES_PATTERN})", re.M),
]


def _group_of(text: str) -> str | None:
    s = text.strip().rstrip(":").strip()
    return next((group for group, pattern in _GROUPS if pattern.match(s)), None)


def _role(text: str) -> str | None:
    return _ROLES.get(text.strip().strip(".").lower())


def parse_person(text: str) -> Person | None:
    """A person from one attendance line, or None when the line does not start with a name."""
    s = re.sub(r"\s+", " ", text).strip(" -•")
    m = _NAME_PREFIX.match(s)
    if not m:
        return None
    name = longest_name_prefix(m.group("name"))
    if name is None:
        return None
    rest = s[len(name) :].strip()
    party = None
    if pm := _PARTY.match(rest):
        party, rest = pm.group("party").upper(), rest[pm.end() :]
    rest = rest.strip(" ,")
    role = None
    if rest:
        head, _, tail = rest.partition(",")
        if r := _role(head):
            role, rest = r, tail.strip()
        elif r := _role(tail):
            role, rest = r, head.strip()
    return Person(name=name, organisation=rest or None, party=party, role=role)


def _people(lines: Sequence[str]) -> list[Person]:
    """People of one group: line by line, or zipped when names and organisations are two runs."""
    parsed = [(s, parse_person(s)) for s in lines]
    names = [p for _, p in parsed if p is not None]
    others = [s for s, p in parsed if p is None]
    first_other = next((i for i, (_, p) in enumerate(parsed) if p is None), len(parsed))
    columns = (
        names
        and len(names) == len(others)
        and all(p is not None for _, p in parsed[:first_other])
        and all(p is None for _, p in parsed[first_other:])
        and all(p.organisation is None for p in names)
    )
    if columns:
        return [p.model_copy(update={"organisation": org}) for p, org in zip(names, others)]
    return names


def _inline_group(text: str) -> tuple[str, str] | None:
    """ "Närvarande: A, B och C" on one line."""
    head, sep, tail = text.partition(":")
    if sep and tail.strip() and (group := _group_of(head)):
        return group, tail.strip()
    return None


def read_attendance(header: Sequence[Line], item_texts: Iterable[str]) -> Attendance:
    """Attendance from the header lines; justerare are also looked for in the items' text."""
    groups: dict[str, list[str]] = {name: [] for name, _ in _GROUPS}
    groups["unspecified"] = []
    current = "unspecified"
    attendance = Attendance()
    for line in header:
        s = line.stripped
        if not re.search(r"[^\W\d_]", s) or line.furniture:
            continue  # blank lines and table rules carry no one
        if group := _group_of(s):
            current = group
        elif inline := _inline_group(s):
            groups[inline[0]].extend(n.strip() for n in re.split(r",|\boch\b", inline[1]) if n.strip())
        elif m := _ROLE_LABEL.match(s):
            _apply_role(attendance, _role(m.group("role")) or "justerare", split_names(m.group("names")))
        elif current != "unspecified" or parse_person(s):
            groups[current].append(s)
    for group, texts in groups.items():
        setattr(attendance, group, _people(texts))
    for person in _all(attendance):
        if person.role:
            _apply_role(attendance, person.role, [person.name])
    for text in item_texts:
        for pattern in _ADJUSTER_PATTERNS:
            for m in pattern.finditer(text):
                _apply_role(attendance, "justerare", split_names(m.group("names")))
    return attendance


def _all(attendance: Attendance) -> list[Person]:
    return [
        *attendance.present,
        *attendance.absent,
        *attendance.substitutes,
        *attendance.co_opted,
        *attendance.others,
        *attendance.unspecified,
    ]


def _apply_role(attendance: Attendance, role: str, names: list[str]) -> None:
    for name in names:
        if role == "ordförande" and attendance.chair is None:
            attendance.chair = name
        elif role == "vice ordförande" and attendance.vice_chair is None:
            attendance.vice_chair = name
        elif role == "protokollförare" and attendance.secretary is None:
            attendance.secretary = name
        elif role == "justerare" and name not in attendance.adjusters:
            attendance.adjusters.append(name)
