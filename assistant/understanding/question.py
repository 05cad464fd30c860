"""A question understood once: every later stage reads this object, none re-reads the string.

`understand(text, history, catalogue, today)` gives the question's intent, its topic, the
bodies and period it names, the years it mentions, whether it wants the newest handling, the
role or unit it asks for and the kind of document it hints at. Retrieval uses the bodies and
period to fetch candidates from them too, the ranker reads them as features, and the
composer reads the intent and the role; `assistant ask --explain` prints it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.answering.models import ChatTurn
from assistant.retrieval.analyzer import words
from assistant.understanding.amounts import amount_asked
from assistant.understanding.bodies import BodyCatalogue
from assistant.understanding.intent import Intent, intent_of, role_asked, topic_of
from assistant.understanding.periods import Period, asks_latest, names_meeting, period_of, years_of

MAX_QUESTION_CHARS = 2000  # a pasted document is not a question; its start says what is asked
_FOLLOW_UP = re.compile(r"\b(?:det|detta|den|denna|dessa|de|dem|där|samma|ärendet|beslutet|frågan|uppdraget)\b", re.I)
# Words every question uses; they say nothing about its topic.
QUESTION_WORDS = frozenset(
    "vad vem vilka vilken vilket när hur varför finns beslutades beslutade beslut beslutet ansvarar ansvarig ansvaret "
    "uppdrag uppdraget fick föredrog informerade om kring angående gällande gjordes sagt sades hände hänt ärendet "
    "protokollet protokollen mötet möte lsg samrådet".split()
)
_SPANS_MEETINGS = re.compile(
    r"\b(?:möten|mötena|sammanträden|sammanträdena|båda|bägge|alla|samtliga|hittills|genom åren|över tid|olika)\b", re.I
)
_AGREEMENT_HINT = re.compile(
    r"\b(?:överenskommelse\w*|avtal\w*|riktlinje\w*|rutin\w*|reglemente\w*|delegationsordning\w*|policy\w*"
    r"|vägledning\w*|avsnitt\w*|kapitel\w*)\b",
    re.I,
)


@dataclass(frozen=True)
class Question:
    """What a question asks, read once from its text and the conversation."""

    text: str  # as asked (white space folded, cut to MAX_QUESTION_CHARS)
    query: str  # what to search for: a follow-up carries the previous question along
    intent: Intent
    topic: str  # the subject, for "Jag hittar inget i protokollen om …"
    today: date
    bodies: tuple[str, ...] = ()  # bodies whose meetings the question asks about
    recipients: tuple[str, ...] = ()  # bodies it names as where something was sent ("till samrådet")
    period: Period | None = None  # the meeting dates it names
    years: tuple[int, ...] = ()  # every year it writes ("budgeten för 2026"), period or not
    latest: bool = False  # it wants the newest handling ("senaste beslutet")
    role: str | None = None  # the attendance line asked for ("Ordförande")
    amount: re.Pattern[str] | None = field(default=None, compare=False)  # the amounts that answer a quantity question
    agreement_hint: bool = False  # it speaks of an agreement, guideline or routine
    spans_meetings: bool = False  # it asks across meetings ("på de båda mötena", "hittills")
    names_meeting: bool = False  # it speaks of a meeting ("mötet", "sammanträdet")

    @property
    def constrained(self) -> bool:
        """Whether it names a body or a period, so items outside them do not answer it."""
        return bool(self.bodies or self.period)

    def explain(self) -> dict[str, Any]:
        """The understood question as plain data (`assistant ask --explain`, the API's debug field)."""
        period = self.period
        return {
            "fråga": self.text,
            "sökfråga": self.query,
            "avsikt": self.intent,
            "ämne": self.topic,
            "organ": list(self.bodies),
            "mottagare": list(self.recipients),
            "period": None
            if period is None
            else {
                "från": period.since.isoformat() if period.since else None,
                "till": period.until.isoformat() if period.until else None,
                "text": period.label,
            },
            "år": list(self.years),
            "senaste": self.latest,
            "roll": self.role,
            "belopp": self.amount is not None,
            "dokumenttyp": "överenskommelse/riktlinje" if self.agreement_hint else None,
            "över_flera_möten": self.spans_meetings,
            "idag": self.today.isoformat(),
        }


def spans_meetings(text: str) -> bool:
    """Whether the question asks across meetings ("på de båda mötena", "hittills"), so that more
    than one item may answer it."""
    return _SPANS_MEETINGS.search(text) is not None


def resolve(text: str, history: Sequence[ChatTurn]) -> str:
    """The question as a search query: a follow-up ("Och vem ansvarar för det?") carries the
    previous question's topic along."""
    previous = next((t.content for t in reversed(history) if t.role == "user"), None)
    content = [w for w in words(text) if w not in QUESTION_WORDS]
    if previous and (_FOLLOW_UP.search(text) or len(content) <= 1):
        return f"{previous} {text}"
    return text


def understand(
    text: str,
    history: Sequence[ChatTurn] = (),
    catalogue: BodyCatalogue | None = None,
    today: date | None = None,
) -> Question:
    """Read a question once. `catalogue` knows the index's bodies; `today` anchors "i våras"."""
    text = " ".join(text.split())[:MAX_QUESTION_CHARS]
    today = today or date.today()
    query = resolve(text, history)
    named = catalogue.named(query) if catalogue else ()
    intent = intent_of(query)
    amount = amount_asked(query)
    if amount is not None and intent == "allmänt":
        intent = "belopp"
    return Question(
        text=text,
        query=query,
        intent=intent,
        topic=topic_of(text),
        today=today,
        bodies=tuple(b.name for b in named if not b.recipient),
        recipients=tuple(b.name for b in named if b.recipient),
        period=period_of(query, today),
        years=years_of(query),
        latest=asks_latest(query),
        role=role_asked(query) if intent == "närvaro" else None,
        amount=amount,
        agreement_hint=_AGREEMENT_HINT.search(query) is not None,
        spans_meetings=spans_meetings(query),
        names_meeting=names_meeting(query),
    )
