"""Quantity questions ("hur mycket", "hur många kronor") and the amounts that answer them.

"Hur många kronor" is not answered by "20 %": a question that names a unit is answered only
by an amount in that unit; one that names none, by any amount.
"""

from __future__ import annotations

import re

_QUANTITY = re.compile(
    r"\b(?:hur (?:mycket|många|stor\w*|lång\w*)|vad (?:kostar|kostade|betalar)|belopp\w*|kronor|antal|summa\w*)\b",
    re.I,
)
NUMBER_WORDS = (
    r"(?:en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|femton|tjugo|trettio|fyrtio|femtio|hundra|tusen"
    r"|halv\w*|dubbl\w*)"
)
ANY_AMOUNT = re.compile(
    rf"\b(?:\d[\d\s,.]*|{NUMBER_WORDS}\s)\s*(?:kr\b|kronor|miljon\w*|mnkr|tkr|%|procent|st\b|stycken|timm\w*"
    r"|dag(?:ar|ars)?\b|veck\w*|månad\w*|år(?:s)?\b|platser|patienter|personer|ärenden|tjänst\w*)",
    re.I,
)
_UNITS: dict[str, str] = {  # a unit a question names -> the amounts that answer it
    r"kronor|kr\b|mnkr|tkr|miljon\w*|kostar|kostade|kostnad\w*|betalar|pengar|belopp\w*|summa\w*": r"kr\b|kronor|miljon\w*|mnkr|tkr|mkr",
    r"procent|%|andel": r"%|procent",
    r"timmar|timme": r"timm\w+",
    r"dagar|dygn": r"dag\w*|dygn",
    r"platser": r"platser",
}


# "Hur långt har arbetet kommit?" asks how far a matter has come, not a distance.
_PROGRESS = re.compile(r"\bhur långt\b.*\b(?:kommit|nått|hunnit)\b", re.I)
_COUNTED = re.compile(r"\bhur många\s+(?P<noun>[a-zåäö]{4,})", re.I)


def amount_asked(question: str) -> re.Pattern[str] | None:
    """For a quantity question, the pattern of the amounts that answer it; None for other questions.
    "Hur många delområden" is answered by a number of delområden ("fyra delområden"), as well as by
    any amount in a unit."""
    if not _QUANTITY.search(question) or _PROGRESS.search(question):
        return None
    for asked, answers in _UNITS.items():
        if re.search(rf"(?:{asked})", question, re.I):
            return re.compile(rf"\b(?:\d[\d\s,.]*|{NUMBER_WORDS}\s)\s*(?:{answers})", re.I)
    if counted := _COUNTED.search(question):
        noun = re.escape(counted["noun"].lower()[:5])
        return re.compile(rf"\b(?:\d[\d\s,.]*|{NUMBER_WORDS})\s+(?:\w+\s+)?{noun}\w*|{ANY_AMOUNT.pattern}", re.I)
    return ANY_AMOUNT
