"""The answering service used by the CLI, the API and the UI.

answer(question, history, filters) -> Answer: retrieve, decide whether the documents say
anything about the question (abstain if not), then compose: with a language model when one
is configured and it cites validly, else extractively from the items' own words.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from assistant.answering.extractive import ExtractiveComposer, names_body
from assistant.answering.generative import Fallback, GenerativeAnswerer
from assistant.answering.intent import intent_of, topic_of
from assistant.answering.labels import citation
from assistant.answering.models import Answer, AnswerMode, ChatTurn
from assistant.components.llm import build_llm
from assistant.config import Settings
from assistant.indexing.ids import MEETING
from assistant.retrieval.analyzer import SwedishAnalyzer, words
from assistant.retrieval.models import SearchFilters, SearchResult
from assistant.retrieval.search import SearchService

log = logging.getLogger(__name__)
_FOLLOW_UP = re.compile(r"\b(?:det|detta|den|denna|dessa|de|dem|där|samma|ärendet|beslutet|frågan|uppdraget)\b", re.I)
# Words every question uses; they say nothing about whether the documents cover the topic.
_QUESTION_WORDS = frozenset(
    "vad vem vilka vilken vilket när hur varför finns beslutades beslutade beslut beslutet ansvarar ansvarig ansvaret "
    "uppdrag uppdraget fick föredrog informerade om kring angående gällande gjordes sagt sades hände hänt ärendet "
    "protokollet protokollen mötet möte lsg samrådet".split()
)
_SUGGESTIONS = 3
_ITEM_COVERAGE = 0.3
FALLBACK_NOTE = "(Språkmodellen gav inget svar med giltiga hänvisningar; svaret är hämtat direkt ur protokollen.)"


@dataclass(frozen=True)
class Evidence:
    """How strongly the retrieved items match the question: the decision to answer or abstain."""

    similarity: float  # cosine similarity of the best dense hit
    coverage: float  # rarity-weighted share of the question's topic words found in the best items
    quantity_missing: bool = False  # a "hur mycket/hur många" question, and the items hold no number for it


_QUANTITY = re.compile(
    r"\b(?:hur (?:mycket|många|stor\w*|lång\w*)|vad (?:kostar|kostade|betalar)|belopp|kronor|antal)\b", re.I
)
_AMOUNT = re.compile(
    r"\b\d[\d\s,.]*\s*(?:kr\b|kronor|miljon\w*|mnkr|tkr|%|procent|st\b|stycken|timmar|dagar|veckor|månader|platser"
    r"|patienter|personer|ärenden|tjänster)",
    re.I,
)


class AnsweringService:
    """Answers questions from the index that `search` reads."""

    def __init__(self, settings: Settings, search: SearchService, generative: GenerativeAnswerer | None = None) -> None:
        self.settings = settings
        self.search = search
        self.analyzer = SwedishAnalyzer(compounds="ngram")
        self.composer = ExtractiveComposer(self.analyzer)
        self.generative = generative
        self._stems = SwedishAnalyzer(compounds="split")
        self._document_frequency: dict[str, int] | None = None
        self._documents = 0
        self._generation = -1
        self._bodies: set[str] = set()

    def resolve(self, question: str, history: Sequence[ChatTurn]) -> str:
        """The question as a search query: a follow-up ("Och vem ansvarar för det?") carries the
        previous question's topic along."""
        previous = next((t.content for t in reversed(history) if t.role == "user"), None)
        content = [w for w in words(question) if w not in _QUESTION_WORDS]
        if previous and (_FOLLOW_UP.search(question) or len(content) <= 1):
            return f"{previous} {question}"
        return question

    def _frequencies(self) -> dict[str, int]:
        """How many nodes each stem occurs in (for rarity weights); refreshed when the index changes."""
        generation = self.search.store.generation()
        if self._document_frequency is None or generation != self._generation:
            frequency: dict[str, int] = {}
            records = self.search.store.lexical_records()
            self._bodies = {str(r.filterable["body"]) for r in records if r.filterable.get("body")}
            vocabulary = SwedishAnalyzer.vocabulary_of(r.text for r in records)
            self._stems = SwedishAnalyzer(vocabulary, compounds="split")
            for record in records:
                for token in set(self._stems.tokens(record.text)):
                    frequency[token] = frequency.get(token, 0) + 1
            self._document_frequency, self._documents, self._generation = frequency, len(records), generation
        return self._document_frequency

    def evidence(self, question: str, results: Sequence[SearchResult]) -> Evidence:
        """How well the best results, together, match the question."""
        if not results:
            return Evidence(0.0, 0.0)
        similarity = max((r.dense_score or 0.0) for r in results[:3])
        asked, weight = self._asked(question)
        if not asked:
            return Evidence(similarity, 1.0)
        quantity_missing = bool(_QUANTITY.search(question)) and not any(
            _AMOUNT.search(s) for r in results[:3] for s in self.composer.sentences_about(question, r)
        )
        return Evidence(similarity, self._coverage(asked, weight, results[:3]), quantity_missing)

    def _asked(self, question: str) -> tuple[set[str], Callable[[str], float]]:
        """The question's topic stems, and their rarity weights (a word the corpus never uses weighs most)."""
        frequency = self._frequencies()
        topic = " ".join(w for w in words(question) if w not in _QUESTION_WORDS)

        def weight(token: str) -> float:
            return math.log((self._documents + 1) / (frequency.get(token, 0) + 0.5))

        return set(self._stems.tokens(topic)), weight

    def _coverage(self, asked: set[str], weight: Callable[[str], float], results: Sequence[SearchResult]) -> float:
        """The rarity-weighted share of the asked stems that the results contain."""
        if not asked:
            return 1.0
        found = set().union(*(self._stems.tokens(f"{r.title} {r.text}") for r in results))
        total = sum(weight(t) for t in asked)
        return sum(weight(t) for t in asked & found) / total if total > 0 else 1.0

    def relevant(self, question: str, results: Sequence[SearchResult]) -> list[SearchResult]:
        """The results that may be cited: each must itself be about the question (a confident dense
        match, or holding enough of the question's rare words), not merely rank near one that is."""
        asked, weight = self._asked(question)  # once per question, not once per result
        return [
            r
            for r in results
            if (r.dense_score or 0.0) >= self.settings.abstain_confident_similarity
            or self._coverage(asked, weight, [r]) >= _ITEM_COVERAGE
        ]

    def abstains(self, evidence: Evidence) -> bool:
        s = self.settings
        return (
            evidence.quantity_missing
            or evidence.similarity < s.abstain_min_similarity
            or (evidence.similarity < s.abstain_confident_similarity and evidence.coverage < s.abstain_min_coverage)
        )

    def bodies(self) -> set[str]:
        """The bodies the index holds meetings of (to tell which one a question names)."""
        self._frequencies()  # refreshes with the index generation
        return self._bodies

    def scope(self, question: str, filters: SearchFilters | None) -> SearchFilters | None:
        """Narrow the search to the body a question names ("ordförande på samrådet", "LSG"): its
        answer must never come from another body's meeting."""
        if filters is not None and filters.body:
            return filters
        named = [body for body in self.bodies() if names_body(question, body)]
        if len(named) != 1:
            return filters
        return (filters or SearchFilters()).model_copy(update={"body": named[0]})

    def retrieve(
        self, question: str, history: Sequence[ChatTurn], filters: SearchFilters | None
    ) -> tuple[str, list[SearchResult]]:
        query = self.resolve(question, history)
        results = self.search.search(query, top_k=self.settings.answer_top_k, filters=self.scope(query, filters))
        return query, results

    def answer(self, question: str, history: Sequence[ChatTurn] = (), filters: SearchFilters | None = None) -> Answer:
        query, results = self.retrieve(question, history, filters)
        if intent_of(question) == "föredragande" and (by_person := self.composer.presented_by(question, results)).lines:
            return Answer(answer=by_person.text, citations=by_person.citations(), abstained=False, mode="extractive")
        if self.abstains(self.evidence(query, results)):
            return self._abstain(question, results)
        results = self.relevant(query, results)
        if not results:
            return self._abstain(question, [])
        if self.generative is not None:
            generated = self.generative.answer(question, results, history)
            if generated is not None:
                return generated
            return self._extractive(question, results, fallback=True)
        return self._extractive(question, results)

    def stream(
        self, question: str, history: Sequence[ChatTurn] = (), filters: SearchFilters | None = None
    ) -> Iterator[str | Answer]:
        """Text as it is written, then the final Answer (whose text is what counts).

        Extractive answers arrive in one piece; a language model's answer arrives in chunks,
        and if it ends without a valid citation the extractive answer follows as the Answer.
        """
        query, results = self.retrieve(question, history, filters)
        if self.abstains(self.evidence(query, results)) or self.generative is None:
            final = (
                self._abstain(question, results)
                if self.abstains(self.evidence(query, results))
                else self._extractive(question, results)
            )
            yield final.answer
            yield final
            return
        for part in self.generative.stream(question, results, history):
            if isinstance(part, Fallback):
                final = self._extractive(question, results, fallback=True)
                yield final.answer
                yield final
                return
            yield part

    def _extractive(self, question: str, results: Sequence[SearchResult], *, fallback: bool = False) -> Answer:
        composed = self.composer.compose(question, intent_of(question), results, self._meeting_of)
        if not composed.lines or composed.missing:
            return self._abstain(question, results)
        text = composed.text
        if fallback:
            text = f"{FALLBACK_NOTE}\n{text}"
        mode: AnswerMode = "llm-fallback" if fallback else "extractive"
        return Answer(answer=text, citations=composed.citations(), abstained=False, mode=mode)

    def _abstain(self, question: str, results: Sequence[SearchResult]) -> Answer:
        suggestions = [citation(r) for r in results[:_SUGGESTIONS]]
        text = f"Jag hittar inget i protokollen om {topic_of(question)}."
        if suggestions:
            text += " Närmast finns: " + "; ".join(f"{s.title} [{s.label}]" for s in suggestions) + "."
        return Answer(answer=text, citations=[], abstained=True, mode="extractive", suggestions=suggestions)

    def _meeting_of(self, result: SearchResult) -> SearchResult | None:
        doc_id = result.id.split("--", 1)[0]
        found = self.search.item(f"{doc_id}--{MEETING}")
        return found


def build_answering(settings: Settings, search: SearchService) -> AnsweringService:
    """The answering service as configured: with a language model when `ASSISTANT_LLM` names one."""
    model = build_llm(settings)
    generative = GenerativeAnswerer(model, settings) if model is not None else None
    return AnsweringService(settings, search, generative)
