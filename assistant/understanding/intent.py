"""What kind of question staff ask, so the answer is read from the right field.

"Vad beslutades om X?" wants the decision, not the background; "Vem ansvarar för …?" the
assignments; "Vem föredrog …?" the presenters; "Vem var justerare?" the attendance;
"Vad har hänt med X?" a timeline across meetings. The patterns are Swedish phrasings.
"""

from __future__ import annotations

import re
from typing import Literal

Intent = Literal["närvaro", "föredragande", "ansvar", "tidslinje", "datum", "beslut", "belopp", "allmänt"]

ROLE_WORDS: dict[str, str] = {
    "vice ordförande": "Vice ordförande",
    "ordförande": "Ordförande",
    "justerare": "Justerare",
    "justerade": "Justerare",
    "justera": "Justerare",
    "protokollförare": "Protokollförare",
    "sekreterare": "Protokollförare",
    "förde protokollet": "Protokollförare",
    "frånvarande": "Frånvarande",
    "frånvarade": "Frånvarande",
    "inte med": "Frånvarande",
    "adjungerad": "Adjungerade",
    "ersättare": "Ersättare",
    "närvarande": "Närvarande",
    "deltog": "Närvarande",
    "var med": "Närvarande",
    "närvarade": "Närvarande",
}

_PATTERNS: list[tuple[Intent, re.Pattern[str]]] = [
    (
        "närvaro",
        re.compile(
            r"\b(?:vem|vilka|vilken)\b.*\b(?:" + "|".join(ROLE_WORDS) + r")\b|\b(?:närvaro|närvarolista)\b", re.I
        ),
    ),
    (
        "föredragande",
        re.compile(
            r"\b(?:föredrog|föredragit|föredragande|informerade|informerat|informerar|presenterade|presenterat|presenterar"
            r"|redogjorde|redogjort|redogör|berättade|rapporterade|rapporterat|återkopplade|höll i|drog|dragit)\b",
            re.I,
        ),
    ),
    (
        "ansvar",
        re.compile(
            r"\b(?:ansvar\w*|uppdrag\w*|uppdrog|uppdras|vem ska|vilka ska|vem skall|delegera\w*|återrapporter\w*"
            r"|ska (?:ta fram|genomföra|införa|implementera|bereda|utreda))\b",
            re.I,
        ),
    ),
    (
        "tidslinje",
        re.compile(
            r"\b(?:vad har hänt|hur har|utveckl\w+ över tid|historik|tidslinje|sedan dess|hittills|över tid|gjort med"
            r"|hur (?:gick|går) det med|förlopp\w*)\b",
            re.I,
        ),
    ),
    (
        "datum",
        re.compile(r"^\s*(?:när|vilket datum|vilken dag)\b|\bnär (?:beslut|behandl|hölls|var|togs|antogs)\w*", re.I),
    ),
    (
        "beslut",
        re.compile(
            r"\b(?:beslut\w*|beslöt|fastställ\w*|anta[gs]?\w*|godkän\w*|bestämde\w*|bestämt|blev det|blev resultatet"
            r"|vad sa\w* (?:lsg|samrådet|nämnden|gruppen)|gick \w+(?: \w+){0,6} igenom|tagit ställning|ställ\w* sig bakom"
            r"|klubba\w*|lades det till|återremitter\w*|avslog|bifölls"
            r"|vad hände (?:med|i)|hur gick det (?:med|för)|vad blev det av)\b",
            re.I,
        ),
    ),
]


def intent_of(question: str) -> Intent:
    """The question's kind; "allmänt" when none of the patterns fits."""
    for name, pattern in _PATTERNS:
        if pattern.search(question):
            return name
    return "allmänt"


def role_asked(question: str) -> str | None:
    """The attendance line a närvaro question asks for ("Justerare", "Frånvarande", …)."""
    lower = question.lower()
    for word, line in ROLE_WORDS.items():  # ordered: "vice ordförande" before "ordförande"
        if re.search(rf"\b{re.escape(word)}\b", lower):
            return line
    return None


_LEAD = re.compile(
    r"^(?:och\s+)?(?:vad|vem|vilka|vilken|vilket|när|hur|finns|har|kan|var|är)\b.*?\b(?:om|för|med|kring|angående|gällande)\s+",
    re.I,
)


# "Hur har X hanterats sedan i våras?", "Beskriv hur X har behandlats över tid": the matter is X.
_HOW_LEAD = re.compile(r"^(?:och\s+)?(?:beskriv\s+hur\s+|hur\s+(?:har|gick|går)\s+(?:det\s+med\s+)?)", re.I)
_HANDLED = re.compile(
    r"\s+(?:har\s+)?(?:hanterats|behandlats|utvecklats|gått|förändrats|fortskridit|hänt)\b.*$", re.I
)
_PERIOD_TAIL = re.compile(
    r"\s+(?:sedan|efter|före|fram till|under|i|på)\s+(?:i\s+)?(?:det\s+|den\s+)?(?:senaste\s+)?(?:mötet|sammanträdet|våras"
    r"|höstas|somras|vintras|fjol|år|året|våren|hösten|sommaren|vintern|januari|februari|mars|april|maj|juni|juli"
    r"|augusti|september|oktober|november|december|(?:19|20)\d{2})\b.*$",
    re.I,
)


def topic_of(question: str) -> str:
    """The subject of a question, for "Jag hittar inget i protokollen om …", a timeline's heading and its
    topic page: without the question words, the verb of handling and the period it names."""
    text = question.strip().rstrip("?!. ")
    topic = _HOW_LEAD.sub("", text) if _HOW_LEAD.match(text) else _LEAD.sub("", text)
    topic = topic if topic and topic != text else text[:1].lower() + text[1:]
    return _PERIOD_TAIL.sub("", _HANDLED.sub("", topic)).strip(" ,") or topic
