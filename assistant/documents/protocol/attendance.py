"""Attendance: who was present, absent, co-opted or otherwise there, and who held which role.

Attendance lists come in many layouts: "Namn, Organisation" lines; "Namn (parti) ordförande";
a group label in a left column with the first name beside it ("Beslutande   Anna Andersson
(S)"); role labels with values ("Ordförande: Lena Åberg (S)", "Utses att justera  Björn
Karlsson"); a role label on one line and the name on the next (signature blocks); tables;
and, when a PDF's two-column table was extracted column by column, a run of names followed
by an equally long run of organisations, which is zipped back together. The signature part
after the last item names the secretary, the chair and the justerare too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.documents.labels import segments, split_label
from assistant.documents.lines import Line
from assistant.documents.models import Attendance, Person
from assistant.documents.names import NAME_PATTERN, NAMES_PATTERN, longest_name_prefix, split_names
from assistant.documents.protocol.headings import is_table_rule, table_cells

_GROUPS: list[tuple[str, re.Pattern[str]]] = [
    (
        "present",
        re.compile(
            r"^(?:Närvarande(?: ledamöter| beslutande)?|(?:Beslutande|Tjänstgörande)(?: ledamöter)?"
            r"|Ledamöter(?: \(närvarande\))?|Deltagare|Närvarande)$",
            re.I,
        ),
    ),
    ("absent", re.compile(r"^(?:Frånvarande(?: ledamöter| ersättare)?|(?:Anmält )?förhinder)$", re.I)),
    ("substitutes", re.compile(r"^(?:(?:Tjänstgörande |Närvarande |Ej tjänstgörande )?ersättare)(?: \(\w+\))?$", re.I)),
    ("co_opted", re.compile(r"^Adjungerade?$", re.I)),
    (
        "others",
        re.compile(
            r"^(?:Övriga(?: närvarande| deltagare| deltagande)?|Tjänstepersoner|Tjänstemän"
            r"|Närvarande tjänstepersoner|Övriga tjänstepersoner)$",
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
    "förste vice ordförande": "vice ordförande",
    "andre vice ordförande": "vice ordförande",
    "protokollförare": "protokollförare",
    "sekreterare": "protokollförare",
    "nämndsekreterare": "protokollförare",
    "kommunsekreterare": "protokollförare",
    "justerare": "justerare",
    "justerande": "justerare",
    "ersättare": "ersättare",
    "tjänstgörande ersättare": "tjänstgörande ersättare",
}
# Labels whose value names the holder of a role: "Ordförande: X", "Vid protokollet  X".
_ROLE_LABELS: dict[str, str] = {
    "ordförande": "ordförande",
    "vice ordförande": "vice ordförande",
    "sekreterare": "protokollförare",
    "protokollförare": "protokollförare",
    "vid protokollet": "protokollförare",
    "justerare": "justerare",
    "justerande": "justerare",
    "utses att justera": "justerare",
    "justeras": "justerare",
    "justerat": "justerare",
}
_STICKY_ROLE_LABELS = {"justeras", "justerat"}  # "Justeras" is followed by every signatory
# Header labels whose values are not people; a line with one of them ends the current group.
_OTHER_LABELS = re.compile(
    r"^(?:Underskrift(?:er)?|Justeringens(?: plats och tid)?|Justeringsdag|Förvaringsplats(?: för protokollet)?"
    r"|Paragrafer|Organ|Sammanträdesdatum|Datum(?: då anslaget| för anslags \w+)?|Tid(?: och plats)?|Plats(?: och tid)?"
    r"|Lokal|Dnr|Diarienummer|Anslag|ANSLAG/BEVIS|Protokollet är justerat|Ärenden|Ärende)\b",
    re.I,
)
_DOTS = re.compile(r"^[._…\s]+$")
PARTIES = {
    "socialdemokraterna": "S", "moderaterna": "M", "centerpartiet": "C", "vänsterpartiet": "V",
    "kristdemokraterna": "KD", "liberalerna": "L", "miljöpartiet": "MP", "sverigedemokraterna": "SD",
}  # fmt: skip
_TITLE_BEFORE_NAME = re.compile(r"^(?:dr\.?|docent|professor|prof\.|med\.?\s?dr)\s+(?=[A-ZÅÄÖ])", re.I)
_PARTY_LIST = re.compile(r"^(?P<party>[A-ZÅÄÖ][\wåäö-]{2,40})\s*:\s*(?P<people>\S.*)$")  # "Socialdemokraterna: A, B"
_PARTY = re.compile(r"^\s*\((?P<party>[A-Za-zÅÄÖåäö]{1,4})\)\s*")
_NAME_PREFIX = re.compile(rf"^(?P<name>{NAME_PATTERN})(?=$|[\s,(])")
_ROLE_AT_START = re.compile(
    r"^(?P<role>(?:1:e |2:e |förste |andre )?vice ordf(?:örande|\.)?|ordf(?:örande|\.)?|protokollförare"
    r"|(?:nämnd|kommun)?sekreterare|justerare|justerande|tjänstgörande ersättare|ersättare)\b[.,]?\s*",
    re.I,
)
_ADJUSTER_PATTERNS = [
    re.compile(rf"(?P<names>{NAMES_PATTERN})\s+justerar\b"),
    re.compile(
        rf"\b[Jj]usterare\b[^.\n]*?\b(?:beslutades till|blev|blir|är|utses till|utses|utsågs|valdes till|valdes"
        rf"|väljs)\s+(?P<names>{NAMES_PATTERN})"
    ),
    re.compile(
        rf"\bjustera\s+(?:dagens\s+)?protokoll(?:et)?\s+(?:utses|utsågs|valdes|väljs)\s+(?P<names>{NAMES_PATTERN})"
    ),
    re.compile(
        rf"\b(?:utses|utse|utsågs|valdes|välja|väljs)\s+(?P<names>{NAMES_PATTERN})\s+(?:att\s+)?"
        r"(?:jämte ordföranden\s+)?(?:till\s+)?justera"
    ),
    re.compile(
        rf"(?P<names>{NAMES_PATTERN})\s+(?:\([A-ZÅÄÖ]{{1,4}}\)\s+)?(?:utses|utsågs|valdes|väljs)\s+(?:att\s+)?"
        r"(?:jämte ordföranden\s+)?(?:till\s+)?justera"
    ),
    re.compile(rf"^Justerare\s*:\s*(?P<names>{NAMES_PATTERN})", re.M),
]


def _group_of(text: str) -> str | None:
    s = text.strip().rstrip(":").strip()
    return next((group for group, pattern in _GROUPS if pattern.match(s)), None)


def _role(text: str) -> str | None:
    return _ROLES.get(text.strip().strip(".").lower())


def parse_person(text: str) -> Person | None:
    """A person from one attendance entry, or None when the entry does not start with a name."""
    s = re.sub(r"\s+", " ", text).strip(" -•")
    s = _TITLE_BEFORE_NAME.sub("", s)  # "docent Ulf Bergström", "Dr Helena Strand"
    m = _NAME_PREFIX.match(s)
    name = longest_name_prefix(m.group("name")) if m else None
    if name is None:
        return None
    rest = s[len(name) :].strip()
    party = None
    if pm := _PARTY.match(rest):
        party, rest = pm.group("party").upper(), rest[pm.end() :]
    rest = rest.strip(" ,")
    role = None
    if rm := _ROLE_AT_START.match(rest):  # "(S) ordförande", "(M) 1:e vice ordförande"
        role, rest = _role(rm.group("role")), rest[rm.end() :]
    else:
        parts = [p.strip() for p in rest.split(",")]
        for k in (len(parts) - 1, 0):  # "Region X, BUP, Ordförande" / "sekreterare, Region X"
            if len(parts) > 1 and (r := _role(parts[k])):
                role = r
                rest = ", ".join(p for i, p in enumerate(parts) if i != k)
                break
        else:
            if r := _role(rest):
                role, rest = r, ""
    return Person(name=name, organisation=rest.strip(" ,") or None, party=party, role=role)


def split_people(value: str) -> list[str]:
    """Split "A (S), Region X och B" into one entry per person, keeping each one's details."""
    entries: list[str] = []
    for chunk in re.split(r"\s*;\s*|\s+och\s+|\s*,\s*", value.strip()):
        if not chunk:
            continue
        if entries and parse_person(chunk) is None:
            entries[-1] += f", {chunk}"  # an organisation or a role belongs to the one before
        else:
            entries.append(chunk)
    return [e for e in entries if parse_person(e)]


@dataclass
class _Reader:
    """Walks the header (and the signature part) keeping track of the current group."""

    attendance: Attendance
    groups: dict[str, list[str]] = field(default_factory=dict)
    current: str | None = "unspecified"
    pending: str | None = None  # a role label waiting for its name on the next line
    sticky: bool = False

    def segment_texts(self, line: Line) -> list[str]:
        """The entries of a line: its columns, or a table row's cells; a cell holding several
        paragraphs ("A, Region; B, Kommun") gives one entry per paragraph."""
        cells = table_cells(line.text)
        if cells is None:
            parts = segments(line.text)
        elif is_table_rule(cells) or any(c.lower() in ("namn", "ledamot", "§") for c in cells):
            return []
        else:
            filled = [c for c in cells if c]
            labelled = bool(filled) and split_label(filled[0]) is not None
            parts = [filled[0], *filled[1:]] if labelled else [", ".join(filled)]
        return [entry.strip() for part in parts for entry in part.split("; ") if entry.strip()]

    def read(self, line: Line, *, signatures: bool = False) -> None:
        segments = [s for s in self.segment_texts(line) if s and not _DOTS.match(s)]
        i = 0
        while i < len(segments):
            s = segments[i].lstrip("#").strip()
            label, _, value = s.partition(":")
            if group := _group_of(s):
                self.current, self.pending = (None if signatures else group), None
            elif (group := _group_of(label)) and value.strip() and not signatures:
                self.current = group
                self.groups.setdefault(group, []).extend(split_people(value))
            elif (role_key := _role_label(s, label)) is not None:
                text = value.strip() if role_key == label.strip().lower() and value.strip() else ""
                if not text and i + 1 < len(segments) and role_key == s.strip().rstrip(":").lower():
                    text, i = segments[i + 1], i + 1
                self._role_label(role_key, text)
            elif _OTHER_LABELS.match(s):
                self.current, self.pending = None, None
                return  # the rest of the line is that label's value
            elif not re.search(r"[^\W\d_]", s):
                pass
            else:
                self._entry(s)
            i += 1

    def _role_label(self, key: str, value: str) -> None:
        role = _ROLE_LABELS[key]
        if not value:  # a label standing alone ends the list above it; its name comes next
            self.pending, self.sticky, self.current = role, key in _STICKY_ROLE_LABELS, None
            return
        for entry in split_people(value):
            person = parse_person(entry)
            if person is None:
                continue
            _apply_role(self.attendance, role, [person.name], skip_chair=key in _STICKY_ROLE_LABELS)
            if self.current and self.current != "unspecified" and role in ("ordförande", "vice ordförande"):
                self.groups.setdefault(self.current, []).append(entry if person.role else f"{entry}, {role}")

    def _entry(self, text: str) -> None:
        if (party_list := _PARTY_LIST.match(text)) and parse_person(text) is None:
            party = PARTIES.get(party_list.group("party").lower())
            for entry in split_people(party_list.group("people")):
                person = parse_person(entry)
                if party and person and not person.party:  # "Moderaterna: Carl von Platen" -> "(M)"
                    entry = entry.replace(person.name, f"{person.name} ({party})", 1)
                self._entry(entry)
            return
        person = parse_person(text)
        if self.pending and person is not None:
            role = person.role or self.pending
            _apply_role(self.attendance, role, [person.name], skip_chair=self.sticky)
            if not self.sticky:
                self.pending = None
        elif person is not None and person.role:
            _apply_role(self.attendance, person.role, [person.name])
        if self.current is not None and (self.current != "unspecified" or person is not None):
            self.groups.setdefault(self.current, []).append(text)


def _role_label(segment: str, label: str) -> str | None:
    """The key of a role label that starts this segment ("Ordförande", "Justerare:"), else None."""
    for candidate in (segment.strip().rstrip(":").lower(), label.strip().lower()):
        if candidate in _ROLE_LABELS:
            return candidate
    return None


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
        names = [p.model_copy(update={"organisation": org}) for p, org in zip(names, others)]
    return _unique(names)


def _unique(people: Sequence[Person]) -> list[Person]:
    """One entry per name: a later mention ("Ordförande: X" after a list) only adds what is missing."""
    by_name: dict[str, Person] = {}
    for person in people:
        if (seen := by_name.get(person.name)) is None:
            by_name[person.name] = person
        else:
            missing = {k: v for k, v in person.model_dump().items() if v and not getattr(seen, k)}
            by_name[person.name] = seen.model_copy(update=missing)
    return list(by_name.values())


def read_attendance(header: Sequence[Line], signatures: Sequence[Line], item_texts: Iterable[str]) -> Attendance:
    """Attendance from the header lines; roles also from the signature part and the items' text."""
    reader = _Reader(Attendance())
    for line in header:
        if not line.furniture and not line.blank:
            reader.read(line)
    attendance = reader.attendance
    for group, texts in reader.groups.items():
        setattr(attendance, group, _people(texts))
    for person in _all(attendance):
        if person.role:
            _apply_role(attendance, person.role, [person.name])
    signature_reader = _Reader(attendance, current=None)
    for line in signatures:
        if not line.furniture and not line.blank:
            signature_reader.read(line, signatures=True)
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


def _apply_role(attendance: Attendance, role: str, names: list[str], *, skip_chair: bool = False) -> None:
    for name in names:
        if skip_chair and name == attendance.chair:
            continue  # the chair signs under "Justeras" too, without being a justerare
        if role == "ordförande" and attendance.chair is None:
            attendance.chair = name
        elif role == "vice ordförande" and attendance.vice_chair is None:
            attendance.vice_chair = name
        elif role == "protokollförare" and attendance.secretary is None:
            attendance.secretary = name
        elif role == "justerare" and name not in attendance.adjusters:
            attendance.adjusters.append(name)
