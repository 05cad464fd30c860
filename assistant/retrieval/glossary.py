"""Abbreviations and synonyms (LSG = Länssamverkansgruppen, snus = tobak, självmord = suicid …).

Two layers of data, no code: the package's general Swedish thesaurus of health care and
social services (`thesaurus.toml`: the everyday words staff type next to the words protocols
use) and the corpus's own `corpus/glossary.toml` (one collaboration's names and
abbreviations). A query that uses one form is expanded with the others, so both lexical and
dense search see the words the documents use; the answering service asks the same glossary
whether a question's words are covered by the items, so a paraphrase is not taken for a
question the documents are silent on.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from assistant.retrieval.analyzer import stem
from assistant.retrieval.memo import Memo

GLOSSARY_FILE = "glossary.toml"
_MIN_PREFIX = 5  # a lowercase term this long also matches compounds that start with it
_PREFIX_CAP = 40  # prefixes kept per word: longer than any one-word term of a thesaurus in practice
_REMEMBERED = 4096  # questions whose glossary terms are remembered


@dataclass(frozen=True)
class Glossary:
    """Groups of terms that mean the same thing."""

    groups: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    # A question is looked up several times (search, coverage, relevance): remembered per text.
    _found: Memo[tuple[tuple[str, tuple[str, ...]], ...]] = field(
        default_factory=lambda: Memo(_REMEMBERED), init=False, repr=False, compare=False, hash=False
    )

    @classmethod
    def load(cls, path: Path) -> Glossary:
        """The package's thesaurus followed by the corpus's glossary at `path` (which may be missing)."""
        corpus = _groups(path.read_text(encoding="utf-8")) if path.is_file() else ()
        return cls(_thesaurus() + corpus)

    @classmethod
    def from_toml(cls, text: str) -> Glossary:
        """Only the groups in `text` (for tests and tools)."""
        return cls(_groups(text))

    def expand(self, query: str) -> str:
        """The query followed by the other forms of every term it uses."""
        extra: list[str] = []
        view = _view(query)
        for _term, others in self.alternatives(query):
            extra.extend(t for t in others if t not in extra and not _mentions(query, t, view))
        return f"{query} {' '.join(extra)}" if extra else query

    def alternatives(self, query: str) -> list[tuple[str, tuple[str, ...]]]:
        """For each term the query uses, the other forms it could be written in."""
        return list(self._found.get(query, lambda: self._alternatives(query)))

    def _alternatives(self, query: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        view = _view(query)  # once for every term of the thesaurus
        return tuple(
            (term, tuple(t for t in group if t != term))
            for group in self.groups
            for term in group
            if _mentions(query, term, view)
        )


def _groups(text: str) -> tuple[tuple[str, ...], ...]:
    data = tomllib.loads(text)
    groups = (tuple(t.strip() for t in entry.get("terms", []) if t.strip()) for entry in data.get("term", []))
    return tuple(g for g in groups if len(g) >= 2)


@cache
def _thesaurus() -> tuple[tuple[str, ...], ...]:
    return _groups(resources.files("assistant.retrieval").joinpath("thesaurus.toml").read_text(encoding="utf-8"))


def _mentions(text: str, term: str, view: _TextView) -> bool:
    """Whether `text` uses `term`. Abbreviations in capitals match only in capitals ("SIP", not
    "sip"); phrases match as written; a lowercase word also matches its inflections ("röker" →
    "rök") and, when long enough, compounds that start with it ("missbrukssamordnare").
    `view` is `_view(text)`, made once by the caller for all the terms it checks."""
    lowered = term.lower()
    # The whole-word pattern can only match where the term is a substring (case-folded as the
    # pattern folds it): most of the thesaurus's terms are not, and skip the regex.
    if (term in text if term.isupper() else lowered in view.lowered) and _pattern(term).search(text) is not None:
        return True
    if term.isupper() or " " in term or "-" in term:
        return False
    if _stem_of(lowered) in view.stems:
        return True
    if len(term) < _MIN_PREFIX:
        return False
    if len(lowered) <= _PREFIX_CAP:
        return lowered in view.prefixes
    return any(word.startswith(lowered) for word in view.words)


# Every question is checked against every term of the thesaurus, so what can be computed once
# per term or once per text is (a question's latency is mostly these loops otherwise).


@cache
def _pattern(term: str) -> re.Pattern[str]:
    """The term as a whole word: case-sensitive for an abbreviation in capitals."""
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", 0 if term.isupper() else re.IGNORECASE)


@cache
def _stem_of(word: str) -> str:
    return stem(word)


@dataclass(frozen=True)
class _TextView:
    """A text as `_mentions` reads it: lower-cased, its words and their stems, and every prefix
    of its words from `_MIN_PREFIX` to `_PREFIX_CAP` characters (a term that long is a
    compound's start when it is one of them; a longer term is compared word by word)."""

    lowered: str
    words: tuple[str, ...]
    stems: frozenset[str]
    prefixes: frozenset[str]


def _view(text: str) -> _TextView:
    lowered = text.lower()
    words = tuple(re.findall(r"\w+", lowered))
    # Capped: every prefix of a 10 000-character "word" (a pasted string) would be quadratic.
    prefixes = frozenset(w[:k] for w in words for k in range(_MIN_PREFIX, min(len(w), _PREFIX_CAP) + 1))
    return _TextView(lowered, words, frozenset(stem(word) for word in words), prefixes)

