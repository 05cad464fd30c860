"""Who presented an item: "Föredragande: X", "X redogjorde för …", "Informerar X om …"."""

from __future__ import annotations

import re

from assistant.documents.names import NAMES_PATTERN, split_names

_VERBS = (
    r"redogjorde|redogör|informerade|informerar|presenterade|presenterar|beskrev|beskriver"
    r"|rapporterade|rapporterar|återrapporterade|återrapporterar|föredrog|föredrar|berättade"
    r"|berättar|redovisade|redovisar|återkopplade|återkopplar|gick igenom|går igenom|visade|visar"
)
_TITLE_WORD = r"(?:[a-zåäö][\w-]*\s+)?"  # "Föredragande: skolchef Maria Ek", "Informerar regiondirektör X"
_LABEL = re.compile(rf"\bFöredragande(?:\s+\w+)?\s*(?::|är|var)\s*{_TITLE_WORD}(?P<names>{NAMES_PATTERN})")
# "Anna Berg, Region Västerbotten, informerade" / "Anna Berg (Region Västerbotten) informerade"
_APPOSITION = r"(?:\s*,\s*[^,.;:\n]{2,60},|\s*\([^()\n]{1,60}\))?"
_SUBJECT_VERB = re.compile(rf"(?<![\w-])(?P<names>{NAMES_PATTERN}){_APPOSITION}\s+(?:har\s+)?(?:{_VERBS})\b")
_VERB_SUBJECT = re.compile(
    rf"\b(?:Informerar|Informerade|Redogör|Redogjorde|Presenterar|Presenterade|Föredrar|Föredrog"
    rf"|Rapporterar|Rapporterade|Berättar|Berättade)\s+{_TITLE_WORD}(?P<names>{NAMES_PATTERN})\s+(?:om|för|kring|hur|att)\b"
)
_BY = re.compile(rf"\b(?:lämnades|lämnas|ges|gavs|presenteras|presenterades)\s+av\s+(?P<names>{NAMES_PATTERN})")


def extract_presenters(text: str) -> list[str]:
    """Names of the people who presented, in order of first mention, without duplicates."""
    found: list[tuple[int, str]] = []
    for pattern in (_LABEL, _SUBJECT_VERB, _VERB_SUBJECT, _BY):
        for m in pattern.finditer(text):
            for name in split_names(m.group("names")):
                found.append((m.start("names") + m.group("names").find(name), name))
    seen: list[str] = []
    for _, name in sorted(found):
        if name not in seen:
            seen.append(name)
    return seen
