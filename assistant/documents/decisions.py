"""What was decided in an item, and whether the item is a decision or information.

Protocols state decisions three ways: a `Beslut` heading followed by the decision; a
formula ("Nämnden beslutar att …", "Samråd … beslutar:" followed by `att …` lines); or,
for simple items, a closing sentence ("… godkände föredragningslistan", "Informationen
är delgiven"). They are tried in that order, because the earlier forms are unambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from assistant.documents.models import ItemKind

_DECISION_HEADING = re.compile(r"^(?:Beslut|Beslutet|(?:\w+s\s+)?beslut|Beslut i korthet)\s*:?\s*$", re.I)
_DECISION_INLINE = re.compile(r"^Beslut\s*:\s*(?P<rest>\S.*)$")
# Distribution lists end a decision even with their addressees on the same line.
_DISTRIBUTION = re.compile(
    r"^(?:Expedieras(?: till)?|Beslutet (?:skickas|expedieras) till|Skickas till|Kopia till|Protokollsutdrag(?: till)?)\b",
    re.I,
)
_STOP_HEADINGS = re.compile(
    r"^(?:Beslutsunderlag|Underlag|Expedieras(?: till)?|Skickas till|Sammanfattning|Bakgrund"
    r"|Ärendebeskrivning|Yrkanden?|Propositionsordning|Reservation(?:er)?|Jäv"
    r"|Protokollsutdrag(?: till)?|Beslutet skickas till|Kopia till)\s*(?::.*)?$",
    re.I,
)
_FORMULA = re.compile(
    r"\b(?:beslutar|beslutade|beslöt|besluta)\b\s*(?:att\b|:|enligt\b|följande\b|i enlighet\b|$)"
    r"|\bföreslår\s+\S+(?:\s+\S+)?\s+(?:att\s+)?besluta\b",  # "föreslår fullmäktige besluta"
    re.I,
)
_CLOSING = re.compile(
    r"\b(?:godkände|godkänner|godkänns|godkändes|fastställer|fastställde|fastställs|fastställdes"
    r"|antar|antog|antas|antogs|beslutades|beslutas|lades till handlingarna|läggs till handlingarna"
    r"|lägger \w+ till handlingarna|lade \w+ till handlingarna"
    r"|noterar|noterade|noteras|noterades|tar del av|tog del av|delgiven|delgivits|återremitteras|återremitterades"
    r"|bordläggs|bordlades|utses|utsågs|väljs|valdes|avslår|avslogs|bifaller|biföll|besvaras|besvarad"
    r"|förklaras)\b",
    re.I,
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")
_CLOSING_MAX = 300  # a closing sentence is short; longer paragraphs are background

_STRONG_DECISION = re.compile(
    r"\b(?:beslutar|beslutade|beslöt|beslutades|fastställ\w*|anta[rs]?|antogs?|antagits|godkänns"
    r"|godkändes|godkänner|godkände|utses|utsågs|väljs|valdes|delegeras|uppdras|återremitteras|bordläggs"
    r"|avslår|avslogs|bifaller|biföll|beviljas|bevilja|besvaras|besvarad|fastställer|i uppdrag"
    r"|till handlingarna)\b",
    re.I,
)
_INFORMATION_OBJECT = re.compile(
    r"\b(?:informationen|rapporten|redovisningen|återrapporteringen|återkopplingen|anmälan|anmälningarna)\b", re.I
)
_INFORMATION_TEXT = re.compile(r"\b(?:informerar|informerade|information|redogjorde|redogör)\b", re.I)


def _until_stop(paragraphs: Sequence[str]) -> list[str]:
    taken: list[str] = []
    for p in paragraphs:
        if _STOP_HEADINGS.match(_unbullet(p)) or _DISTRIBUTION.match(_unbullet(p)):
            break
        taken.append(p)
    return taken


def _unbullet(paragraph: str) -> str:
    """Drop a layout bullet before a sentence; keep it before an `att …` clause of a list."""
    if paragraph.startswith("- ") and paragraph[2:3].isupper():
        return paragraph[2:]
    return paragraph


def _join(paragraphs: Sequence[str]) -> str | None:
    text = "\n".join(_unbullet(p.strip()) for p in paragraphs if p.strip() and p.strip() != "-")
    return text or None


class Decision(NamedTuple):
    """An item's decision text, and whether the protocol marked it as the decision
    (a `Beslut` heading or a "beslutar" formula) rather than it being read off a closing line."""

    text: str | None
    stated: bool


def extract_decision(paragraphs: Sequence[str]) -> Decision:
    """The decision of an item (its `Beslut` block, `beslutar att …` formula, or closing line)."""
    for i, p in enumerate(paragraphs):
        p = _unbullet(p)
        if _DECISION_HEADING.match(p) and not p.lower().startswith("förslag"):
            return _stated(_join(_until_stop(paragraphs[i + 1 :])))
        if m := _DECISION_INLINE.match(p):
            return _stated(_join([m.group("rest"), *_until_stop(paragraphs[i + 1 :])]))
    for i, p in enumerate(paragraphs):
        if m := _FORMULA.search(p):
            sentence_start = max(p.rfind(". ", 0, m.start()) + 2, 0) if ". " in p[: m.start()] else 0
            return _stated(_join([p[sentence_start:], *_until_stop(paragraphs[i + 1 :])]))
    closing = [
        sentence
        for p in paragraphs
        for sentence in _SENTENCE_SPLIT.split(p)
        if len(sentence) <= _CLOSING_MAX and _CLOSING.search(sentence)
    ]
    return Decision(_join(closing), stated=False)


def _stated(text: str | None) -> Decision:
    return Decision(text, stated=text is not None)


def infer_kind(decision: Decision, text: str, title: str = "") -> ItemKind | None:
    """The kind of an item that states none.

    A decision that only takes note of information ("lägga informationen till
    handlingarna") makes an information item; any other decision the protocol marks as
    one, or one with a decision verb, a `beslut` item.
    """
    if decision.text:
        points = [p for p in decision.text.split("\n") if p.strip()]
        if all(_INFORMATION_OBJECT.search(p) for p in points):
            return "information"
        if decision.stated or _STRONG_DECISION.search(decision.text):
            return "beslut"
    if title.lower().startswith("information") or _INFORMATION_TEXT.search(text):
        return "information"
    return None
