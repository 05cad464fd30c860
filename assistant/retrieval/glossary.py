"""The corpus's abbreviations and synonyms (LSG = Länssamverkansgruppen, självmord = suicid …).

Kept as data in `corpus/glossary.toml` so that staff can extend it without code. A query
that uses one form is expanded with the others, so both lexical and dense search see the
words the documents use.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

GLOSSARY_FILE = "glossary.toml"


@dataclass(frozen=True)
class Glossary:
    """Groups of terms that mean the same thing."""

    groups: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    @classmethod
    def load(cls, path: Path) -> Glossary:
        """Read `[[term]]` tables with `terms = [...]`; a missing file is an empty glossary."""
        if not path.is_file():
            return cls()
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        groups = tuple(tuple(t.strip() for t in entry.get("terms", []) if t.strip()) for entry in data.get("term", []))
        return cls(tuple(g for g in groups if len(g) >= 2))

    def expand(self, query: str) -> str:
        """The query followed by the other forms of every term it uses."""
        extra: list[str] = []
        for group in self.groups:
            if any(_mentions(query, term) for term in group):
                extra.extend(term for term in group if not _mentions(query, term))
        return f"{query} {' '.join(extra)}" if extra else query


def _mentions(text: str, term: str) -> bool:
    """Whole-word match; abbreviations in capitals match only in capitals ("SIP", not "sip")."""
    flags = 0 if term.isupper() else re.IGNORECASE
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, flags) is not None
