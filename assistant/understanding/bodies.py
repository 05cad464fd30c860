"""Which of the index's bodies a question names, however it writes them.

Staff write "LSG", "länssamverkansgruppen", "samrådet", "beredningen för vuxna och äldre"
(indexed as "Beredning vuxna och äldre"), "socialnämnden i Skellefteå" ("Socialnämnden,
Skellefteå kommun"). A body is named when the question holds every content word of its
name in some inflection, or one of its aliases (a short name, or another form the glossary
gives), or, when no other body shares it, the head word of its name in a singular form
("samrådet"; never "beredningarna", which names no one body). A body the question sends
something *to* ("lyftes till samrådet") is not the body whose meeting answers it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assistant.retrieval.analyzer import stem, words

# Singular, definite and genitive endings after a head word: "samråd|et", "beredning|en",
# "nämnd|ens"; plural endings ("-arna", "-erna", "-ar") name several bodies, not one.
_SINGULAR = ("", "en", "et", "n", "t", "ens", "ets", "s", "ns", "ts")
_GENERIC = frozenset({"kommun", "kommuns", "region", "regionen", "gruppen", "grupp", "rådet", "råd"})
_RECIPIENT = re.compile(r"\b(?:till|för beslut i|vidare till|lyft\w* till|skick\w* till|överlämna\w* till)\s*$", re.I)
_MIN_HEAD = 5


@dataclass(frozen=True)
class BodyName:
    """One body of the index with the forms it can be named by."""

    name: str
    content: frozenset[str]  # stems of its name's content words
    head: str  # the first word of its name, lower-cased
    aliases: tuple[str, ...]  # short names and glossary forms


@dataclass(frozen=True)
class NamedBody:
    name: str
    recipient: bool  # named as where something was sent ("till samrådet"), not as who met


def _head(body: str) -> str:
    """The first word of a body's name, when it can stand for the body alone: not the first half
    of a pair written with a hyphen ("Hälso- och sjukvårdsnämnden")."""
    m = re.match(r"\s*(\w+)(-?)", body.lower())
    return m.group(1) if m and not m.group(2) else ""


class BodyCatalogue:
    """The bodies of the index, ready to be recognised in questions."""

    def __init__(self, bodies: Iterable[str], aliases: Mapping[str, Sequence[str]] | None = None) -> None:
        aliases = aliases or {}
        self.bodies = tuple(
            BodyName(
                body,
                frozenset(stem(w) for w in words(body) if not w.isdigit() and w not in _GENERIC),
                _head(body),
                tuple(aliases.get(body, ())),
            )
            for body in sorted(set(bodies))
        )
        heads: dict[str, int] = {}
        for body in self.bodies:
            heads[body.head] = heads.get(body.head, 0) + 1
        self._shared_heads = {h for h, n in heads.items() if n > 1}

    def named(self, question: str) -> tuple[NamedBody, ...]:
        """The bodies the question names, each with whether it is named as a recipient."""
        lower = question.lower()
        tokens = re.findall(r"\w+", lower)
        stems = {stem(w) for w in tokens}
        found: dict[str, NamedBody] = {}
        for body in self.bodies:
            position = self._position(body, question, lower, tokens, stems)
            if position is not None:
                recipient = _RECIPIENT.search(lower[:position]) is not None
                found[body.name] = NamedBody(body.name, recipient)
        # "Socialnämnden i Skellefteå" names "Socialnämnden, Skellefteå kommun", not also a body
        # called just "Socialnämnden": a body whose name's words all belong to a more specific one named
        # is dropped.
        if len(found) > 1:
            contents = {n: self._body(n).content for n in found}
            found = {
                n: f
                for n, f in found.items()
                if not any(contents[n] < contents[o] and contents[o] <= stems for o in found if o != n)
            }
        return tuple(found.values())

    def _body(self, name: str) -> BodyName:
        return next(b for b in self.bodies if b.name == name)

    def _position(
        self, body: BodyName, question: str, lower: str, tokens: list[str], stems: set[str]
    ) -> int | None:
        """Where in the question the body is named (for the recipient test), or None."""
        for alias in body.aliases:
            # A body's short name is typed in lower case too ("lsg-mötet"); as a whole word it is
            # still the body. Other aliases also match as the start of a compound.
            pattern = rf"\b{re.escape(alias.lower())}\b" if alias.isupper() else rf"\b{re.escape(alias.lower())}"
            m = re.search(pattern, lower)
            if m:
                return m.start()
        if body.content and len(body.content) >= 2 and body.content <= stems:
            first = next(w for w in tokens if stem(w) in body.content)
            return lower.find(first)
        if len(body.head) >= _MIN_HEAD and body.head not in self._shared_heads:
            for word in tokens:
                rest = word[len(body.head) :] if word.startswith(body.head) else None
                if rest is None:
                    continue
                if rest in _SINGULAR or (rest.startswith("s") and len(rest) >= 5):  # "samrådsmötet"
                    return lower.find(word)
        return None


def body_catalogue(bodies: Iterable[str], groups: Iterable[Sequence[str]], short_names: dict[str, str]) -> BodyCatalogue:
    """The catalogue of `bodies`, each also known by its short name and by every other term of a
    glossary group that holds its name (the glossary's "LSG = Länssamverkansgruppen")."""
    aliases: dict[str, list[str]] = {}
    for body in bodies:
        forms = [short_names[body]] if body in short_names else []
        for group in groups:
            if any(term.lower() == body.lower() for term in group):
                forms += [t for t in group if t.lower() != body.lower() and t not in forms]
        aliases[body] = forms
    return BodyCatalogue(bodies, aliases)
