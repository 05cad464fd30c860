"""Who is tasked with, responsible for, or reports on what: the answer to "vem ansvarar för …?".

Swedish protocols and agreements phrase responsibility in a handful of constructions:
"X uppdras att …", "X får/fick/har fått i uppdrag att …", "Y gav X i uppdrag att …",
"uppdra åt X att …", "X ansvarar för …", "… delegeras från Y till X", "… återrapporteras
till Y", "X rapporterar till Y", "X rekommenderas att …". Each sentence is matched against
them and the parts become structured fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from assistant.documents.dates import MONTHS
from assistant.documents.models import Assignment, AssignmentType

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ\"”“])")
_INVERTED_START = re.compile(
    r"^(?:I|Under|Vid|På|Efter|Sedan|Inom|Från|Den|Det|År|Därför|Nu|Då|Redan|Tidigare|Hösten|Våren"
    r"|\d{4})\b"
)
_LEAD = re.compile(r"^(?:-\s*|(?:att|och|samt|dessutom,?|vidare)(?:\s+|$))+", re.I)
_FREQUENCY = re.compile(r"\s+(?:varje|en gång (?:per|i)|årligen|kvartalsvis|halvårsvis|månadsvis|löpande)\b.*$", re.I)
_TRAILING_PURPOSE = re.compile(r"\s+för\s+(?:beslut|information|kännedom|godkännande)\b.*$", re.I)
_SEASONS = "våren|hösten|sommaren|vintern|vårterminen|höstterminen"
_DEADLINE = re.compile(
    rf"\b(?:senast\s+(?:den\s+)?(?P<by>\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+(?:{'|'.join(MONTHS)})(?:\s+\d{{4}})?"
    rf"|(?:{'|'.join(MONTHS)}|{_SEASONS})\s+\d{{4}}|\w+\s+\d{{4}})"
    rf"|(?:under|till|före|inför|i)\s+(?P<season>(?:{_SEASONS})\s+\d{{4}})"
    rf"|(?:till|före|inför|i)\s+(?P<month>(?:{'|'.join(MONTHS)})\s+\d{{4}}))\b",
    re.I,
)

_Handler = Callable[[re.Match[str], str], "Assignment | None"]
_RULES: list[tuple[re.Pattern[str], _Handler]] = []


def _rule(pattern: str) -> Callable[[_Handler], _Handler]:
    """Register a handler for sentences matching `pattern`; rules are tried in order."""

    def register(handler: _Handler) -> _Handler:
        _RULES.append((re.compile(pattern, re.I), handler))
        return handler

    return register


def _clean_party(text: str | None) -> str | None:
    """Trim a noun phrase taken from a sentence down to the party it names."""
    if not text:
        return None
    s = text.strip(" ,.;:")
    if " om att " in s:
        s = s.rsplit(" om att ", 1)[1]
    s = _LEAD.sub("", s)
    s = _TRAILING_PURPOSE.sub("", s)
    s = s.strip(" ,.;:")
    return s or None


_DECIDES = re.compile(r"\s+(?:beslutar|beslutade|beslöt)\b")


def _subject(before: str) -> str | None:
    """The subject of a clause whose verb comes right after `before`.

    "Nämnden beslutar att lägga informationen till handlingarna och att [ge X i uppdrag]":
    the one who gives the task is the one who decides.
    """
    s = before.strip()
    if m := _DECIDES.search(s):
        return _clean_party(s[: m.start()])
    if " har " in f" {s} ":
        s = re.split(r"\bhar\b", s)[-1]
    s = re.split(r",\s+", s)[-1]
    return _clean_party(s)


def _task(text: str | None) -> str | None:
    return _clean_party(text)


def _subject_task(text: str | None) -> str | None:
    """A task that stands as the subject ("Förslaget innebär att beslut om X delegeras"): X."""
    if text and " att " in text:
        text = text.rsplit(" att ", 1)[1]
    return _clean_party(text)


def _deadline(sentence: str) -> str | None:
    m = _DEADLINE.search(sentence)
    if not m:
        return None
    return (m.group("by") or m.group("season") or m.group("month") or "").strip() or None


@_rule(r"\buppdra[rs]?\s+åt\s+(?P<who>.+?)\s+att\s+(?P<task>.+)$")
def _commission_to(m: re.Match[str], sentence: str) -> Assignment | None:
    by = _subject(sentence[: m.start()]) if m.start() > 0 else None
    return _make("uppdrag", sentence, who=m.group("who"), task=m.group("task"), by=by)


@_rule(r"\b(?:ge|gav|ger|har gett|har givit|gett|givit)\s+(?P<who>.+?)\s+i\s+uppdrag\s+att\s+(?P<task>.+)$")
def _gave_commission(m: re.Match[str], sentence: str) -> Assignment | None:
    before = sentence[: m.start()].strip()
    who = m.group("who").strip()
    by: str | None = _subject(before) if before else None
    if before and _INVERTED_START.match(before):
        # "I november 2021 gav Länssamverkansgruppen Samverkansråd X i uppdrag": the subject
        # follows the verb, so the first word of what follows is the one who gave it.
        head, _, rest = who.partition(" ")
        by, who = head, rest or who
    return _make("uppdrag", sentence, who=who, task=m.group("task"), by=by)


@_rule(
    r"^(?P<who>.+?)\s+(?:uppdras|ges i uppdrag|får i uppdrag|fick i uppdrag|har fått i uppdrag"
    r"|fått i uppdrag|har getts i uppdrag|gavs i uppdrag|har\s+(?:ett|i)\s+(?:\w+\s+)?uppdrag)\s+(?:att\s+)?(?P<task>.+)$",
)
def _is_commissioned(m: re.Match[str], sentence: str) -> Assignment | None:
    return _make("uppdrag", sentence, who=_subject(m.group("who")), task=m.group("task"))


@_rule(
    r"^(?P<who>.+?)\s+(?:formeras|bildas|inrättas|tillsätts|har bildats|har inrättats|har tillsatts)\s+"
    r"med\s+uppdrag(?:et)?\s+att\s+(?P<task>.+?)(?:\s+på uppdrag av\s+(?P<by>.+))?$",
)
def _formed_with_commission(m: re.Match[str], sentence: str) -> Assignment | None:
    return _make("uppdrag", sentence, who=_subject(m.group("who")), task=m.group("task"), by=m.group("by"))


@_rule(
    r"^(?P<who>.+?)\s+(?:ansvarar|ansvarade|har (?:ett |det )?(?:\w+ )?ansvar(?:et)?|bär (?:\w+ )?ansvaret"
    r"|är (?:\w+ )?ansvarig[a]?|blir ansvarig[a]?)(?:\s+(?:gemensamt|själva|själv|ensamt|också|även))?"
    r"\s+för\s+(?P<task>.+)$",
)
def _responsible(m: re.Match[str], sentence: str) -> Assignment | None:
    return _make("ansvar", sentence, who=_subject(m.group("who")), task=m.group("task"))


@_rule(r"^(?:Ansvarig|Ansvar)\s*:\s*(?P<who>.+)$")
def _responsible_label(m: re.Match[str], sentence: str) -> Assignment | None:
    return _make("ansvar", sentence, who=m.group("who"), task=None)


@_rule(r"^(?P<task>.+?)\s+delegeras\s+(?:från\s+(?P<by>.+?)\s+)?till\s+(?P<who>.+)$")
def _delegated(m: re.Match[str], sentence: str) -> Assignment | None:
    return _make("delegering", sentence, who=m.group("who"), task=_subject_task(m.group("task")), by=m.group("by"))


@_rule(r"^(?P<task>.+?)\s+(?:ska\s+)?(?:(?:åter)?rapporteras|redovisas|återredovisas)\s+(?:till|för)\s+(?P<to>.+)$")
def _reported_to(m: re.Match[str], sentence: str) -> Assignment | None:
    return _make("återrapportering", sentence, who=None, task=_subject_task(m.group("task")), to=m.group("to"))


@_rule(r"^(?P<who>.+?)\s+(?:ska\s+)?(?:(?:åter)?rapportera[r]?|redovisa[r]?)\s+till\s+(?P<to>.+)$")
def _reports_to(m: re.Match[str], sentence: str) -> Assignment | None:
    return _make("återrapportering", sentence, who=_subject(m.group("who")), task=None, to=m.group("to"))


@_rule(r"^(?P<who>.+?)\s+rekommenderas\s+(?:att\s+)?(?P<task>.+)$")
def _is_recommended(m: re.Match[str], sentence: str) -> Assignment | None:
    return _make("rekommendation", sentence, who=_subject(m.group("who")), task=m.group("task"))


@_rule(r"\brekommendera[rs]?\s+(?P<who>.+?)\s+att\s+(?P<task>.+)$")
def _recommend(m: re.Match[str], sentence: str) -> Assignment | None:
    return _make("rekommendation", sentence, who=m.group("who"), task=m.group("task"))


_CARRIED_BY = re.compile(
    r"^(?P<task>.+?)\s+(?:sker|genomförs|görs|samordnas|leds)\s+(?:via|av|genom)\s+(?P<who>.+)$", re.I
)


def _make(
    kind: AssignmentType,
    sentence: str,
    *,
    who: str | None,
    task: str | None,
    by: str | None = None,
    to: str | None = None,
) -> Assignment | None:
    if to is None and task and (m := _REPORT_IN_TASK.search(task)):
        to = m.group("to")  # "… och återrapportera till Länssamverkansgruppen senast 2026-03-31"
    if kind in ("delegering", "återrapportering") and who:
        who = _PARTY_END.sub("", who)  # "delegeras till ordföranden att expediera"
    assignee, report_to = _clean_party(who), _clean_party(_PARTY_END.sub("", _FREQUENCY.sub("", to)) if to else None)
    if not (assignee or report_to):
        return None
    return Assignment(
        type=kind,
        assignee=assignee,
        task=_task(task),
        report_to=report_to,
        assigned_by=_clean_party(by),
        deadline=_deadline(f"{task or ''} {to or ''}"),  # a date before the verb dates the commission
        sentence=sentence,
    )


_REPORT_IN_TASK = re.compile(
    r"\b(?:(?:åter)?rapportera|(?:åter)?redovisa)\w*(?:\s+\S+){0,3}?\s+till\s+(?P<to>.+?)"
    r"(?=\s+(?:senast|i|under|före|inför|vid|efter|varje)\b|[.,;]|$)"
)
_PARTY_END = re.compile(r"\s+(?:senast|före|inför|under|varje|att)\b.*$")  # "nämnden senast 31 december"
_DECISION_LABEL = re.compile(r"^Beslut\s*:\s*")
_LIST_ENTRY = re.compile(r"^(?:-\s+|\d{1,2}[.)]\s+|[a-h]\)\s+)")
_DANGLING = re.compile(r"\b(?:att|för|följande|om)\s*:?\s*$", re.I)


def sentences(text: str) -> Iterator[str]:
    """Sentences of a text whose paragraphs are separated by newlines; list entries stay separate.

    A sentence that ends in "… ansvarar för att" or a colon continues in the list that
    follows it, so the list entries are joined onto it: the list is what it says.
    """
    paragraphs = [_DECISION_LABEL.sub("", p.strip()) for p in text.split("\n") if p.strip()]
    i = 0
    while i < len(paragraphs):
        parts = [s.strip() for s in _SENTENCE_SPLIT.split(_LIST_ENTRY.sub("", paragraphs[i])) if s.strip()]
        i += 1
        if parts and _DANGLING.search(parts[-1]):
            entries: list[str] = []
            while i < len(paragraphs) and _LIST_ENTRY.match(paragraphs[i]):
                entries.append(_LIST_ENTRY.sub("", paragraphs[i]).rstrip(".;,"))
                i += 1
            if entries:
                parts[-1] = f"{parts[-1].rstrip(':')} {'; '.join(entries)}."
        yield from parts


def _match_sentence(sentence: str, in_decision: bool) -> Assignment | None:
    for pattern, handler in _RULES:
        if m := pattern.search(sentence):
            if found := handler(m, sentence):
                return found.model_copy(update={"in_decision": in_decision})
    if in_decision and (m := _CARRIED_BY.match(sentence)):
        found = _make("ansvar", sentence, who=m.group("who"), task=m.group("task"))
        return found.model_copy(update={"in_decision": True}) if found else None
    return None


def extract_assignments(text: str, decision: str | None = None) -> list[Assignment]:
    """All assignments in an item, those stated in its decision marked `in_decision`."""
    decided = set(sentences(decision or ""))
    found: list[Assignment] = []
    seen: set[str] = set()
    for sentence in sentences(text):
        if sentence in seen:
            continue
        seen.add(sentence)
        if assignment := _match_sentence(sentence, sentence in decided):
            found.append(assignment)
    return found
