"""Swedish words for lexical search: lower-cased, stop words dropped, stemmed, compounds split.

Swedish writes compounds as one word ("suicidprevention", "samsjuklighetsreformen"), so a
question about "samsjuklighet" finds nothing in BM25 unless compounds are opened. Two
ways are offered, compared in `make eval`: splitting a word where its first part is a
known word of the corpus (with the linking "s" of "samsjuklighets-reform"), or adding the
word's character n-grams.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

import Stemmer
from bm25s.stopwords import STOPWORDS_SWEDISH

CompoundMode = Literal["none", "split", "ngram"]
_WORD = re.compile(r"[0-9a-zåäöéüæø]+")
_MIN_PART = 4  # shorter first parts ("in", "åt") split too many ordinary words
_MIN_COMPOUND = 8
_NGRAM = 5
_CACHE_WORDS = 500_000  # distinct words remembered; beyond that, computed each time
_STOPWORDS = frozenset(STOPWORDS_SWEDISH)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("swedish")


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, without stop words."""
    return [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


class SwedishAnalyzer:
    """Text to BM25 tokens. `vocabulary` (the corpus's words) tells where compounds can split."""

    def __init__(self, vocabulary: Iterable[str] = (), compounds: CompoundMode = "split") -> None:
        self.vocabulary = frozenset(w for w in vocabulary if len(w) >= _MIN_PART)
        self.compounds = compounds
        self._cache: dict[str, list[str]] = {}

    @staticmethod
    def vocabulary_of(texts: Iterable[str]) -> set[str]:
        """The words that may stand as the first part of a compound: every word seen alone."""
        return {w for text in texts for w in words(text) if len(w) >= _MIN_PART and not w.isdigit()}

    def split(self, word: str) -> list[str]:
        """The parts of a compound: "samsjuklighetsreformen" -> ["samsjuklighet", "reformen"]."""
        if len(word) < _MIN_COMPOUND:
            return []
        for cut in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):  # the longest known first part wins
            head, tail = word[:cut], word[cut:]
            for first, rest in ((head, tail), (head[:-1], tail) if head.endswith("s") else (head, tail)):
                if first in self.vocabulary and first != word and len(rest) >= _MIN_PART - 1:
                    return [first, *(self.split(rest) or [rest])]
        return []

    def tokens(self, text: str) -> list[str]:
        out: list[str] = []
        cache = self._cache
        for word in words(text):
            found = cache.get(word)
            if found is None:
                found = self._word_tokens(word)
                if len(cache) < _CACHE_WORDS:
                    cache[word] = found
            out.extend(found)
        return out

    def _word_tokens(self, word: str) -> list[str]:
        """One word's tokens: its stem, and its compound parts or n-grams. A corpus has far fewer
        distinct words than words, so these are computed once per word (see `tokens`)."""
        out = [stem(word)]
        if self.compounds == "split":
            out.extend(stem(part) for part in self.split(word))
        elif self.compounds == "ngram" and len(word) >= _MIN_COMPOUND:
            out.extend(f"#{word[i : i + _NGRAM]}" for i in range(len(word) - _NGRAM + 1))
        return out
