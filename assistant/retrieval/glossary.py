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

GLOSSARY_FILE = "glossary.toml"
_MIN_PREFIX = 5  # a lowercase term this long also matches compounds that start with it


@dataclass(frozen=True)
class Glossary:
    """Groups of terms that mean the same thing."""

    groups: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

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
        for group in self.groups:
            if any(_mentions(query, term) for term in group):
                extra.extend(term for term in group if not _mentions(query, term) and term not in extra)
        return f"{query} {' '.join(extra)}" if extra else query

    def alternatives(self, query: str) -> list[tuple[str, tuple[str, ...]]]:
        """For each term the query uses, the other forms it could be written in."""
        found: list[tuple[str, tuple[str, ...]]] = []
        for group in self.groups:
            for term in group:
                if _mentions(query, term):
                    found.append((term, tuple(t for t in group if t != term)))
        return found


def _groups(text: str) -> tuple[tuple[str, ...], ...]:
    data = tomllib.loads(text)
    groups = (tuple(t.strip() for t in entry.get("terms", []) if t.strip()) for entry in data.get("term", []))
    return tuple(g for g in groups if len(g) >= 2)


@cache
def _thesaurus() -> tuple[tuple[str, ...], ...]:
    return _groups(resources.files("assistant.retrieval").joinpath("thesaurus.toml").read_text(encoding="utf-8"))


def _mentions(text: str, term: str) -> bool:
    """Whether `text` uses `term`. Abbreviations in capitals match only in capitals ("SIP", not
    "sip"); phrases match as written; a lowercase word also matches its inflections ("röker" →
    "rök") and, when long enough, compounds that start with it ("missbrukssamordnare")."""
    if term.isupper():
        return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None
    if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE):
        return True
    if " " in term or "-" in term:
        return False
    wanted = stem(term.lower())
    return any(
        stem(word) == wanted or (len(term) >= _MIN_PREFIX and word.startswith(term.lower()))
        for word in _words(text)
    )


@cache
def _words_cached(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.lower()))


def _words(text: str) -> tuple[str, ...]:
    return _words_cached(text) if len(text) < 2000 else tuple(re.findall(r"\w+", text.lower()))
