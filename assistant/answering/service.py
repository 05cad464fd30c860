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

from wordfreq import zipf_frequency

from assistant.answering.extractive import ExtractiveComposer, defanged, names_body, spans_meetings
from assistant.answering.generative import Fallback, GenerativeAnswerer
from assistant.answering.intent import intent_of, topic_of
from assistant.answering.labels import citation
from assistant.answering.models import Answer, AnswerMode, ChatTurn
from assistant.components.llm import build_llm
from assistant.config import Settings
from assistant.documents.dates import MONTHS
from assistant.indexing.ids import MEETING
from assistant.retrieval.analyzer import SwedishAnalyzer, stem, words
from assistant.retrieval.memo import Memo
from assistant.retrieval.models import SearchFilters, SearchResult
from assistant.retrieval.search import SearchService
from assistant.retrieval.statistics import CorpusStatistics

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
_SPAN_COVERAGE = 0.5
_MIN_UNKNOWN = 4  # shorter words are too often names, abbreviations or function words
_RARE_IN_SWEDISH = 3.0  # Zipf frequency: about once per ten million words of general Swedish
FALLBACK_NOTE = "(Språkmodellen gav inget svar med giltiga hänvisningar; svaret är hämtat direkt ur protokollen.)"


@dataclass(frozen=True)
class Evidence:
    """How strongly the retrieved items match the question: the decision to answer or abstain."""

    similarity: float  # cosine similarity of the best dense hit
    coverage: float  # rarity-weighted share of the question's topic words found in the best items
    quantity_missing: bool = False  # a "hur mycket/hur många" question, and the items hold no number for it
    unknown: tuple[str, ...] = ()  # topic words the corpus never uses, in no form the glossary knows
    no_such_meeting: bool = False  # the question names a meeting date the index holds no meeting on


@dataclass(frozen=True)
class Asked:
    """What a question asks about, for measuring how much of it the items cover."""

    stems: set[str]
    weight: Callable[[str], float]
    synonyms: list[tuple[set[str], list[set[str]]]]  # a term's stems, and each other form's stems


_QUANTITY = re.compile(
    r"\b(?:hur (?:mycket|många|stor\w*|lång\w*)|vad (?:kostar|kostade|betalar)|belopp|kronor|antal)\b", re.I
)
_MEETING_ON = re.compile(
    r"\b(?:möte\w*|sammanträde\w*|samrådet|samrådsmöte\w*)\s+(?:\w+\s+){0,2}?(?:den\s+|på\s+|i\s+)?"
    r"(?P<day>\d{1,2})(?::e|:a)?\s+(?P<month>" + "|".join(MONTHS) + r")(?:\s+(?P<year>\d{4}))?\b",
    re.I,
)
_NUMBER_WORDS = (
    r"(?:en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|femton|tjugo|trettio|fyrtio|femtio|hundra|tusen"
    r"|halv\w*|dubbl\w*)"
)
_AMOUNT = re.compile(
    rf"\b(?:\d[\d\s,.]*|{_NUMBER_WORDS}\s)\s*(?:kr\b|kronor|miljon\w*|mnkr|tkr|%|procent|st\b|stycken|timm\w*"
    r"|dag(?:ar|ars)?\b|veck\w*|månad\w*|år(?:s)?\b|platser|patienter|personer|ärenden|tjänst\w*)",
    re.I,
)


_UNITS: dict[str, str] = {  # a unit a question names -> the amounts that answer it
    r"kronor|kr\b|mnkr|tkr|miljon\w*|kostar|kostade|kostnad\w*|betalar|pengar|belopp": r"kr\b|kronor|miljon\w*|mnkr|tkr|mkr",
    r"procent|%|andel": r"%|procent",
    r"timmar|timme": r"timm\w+",
    r"dagar|dygn": r"dag\w*|dygn",
    r"platser": r"platser",
}


def _amount_asked(question: str) -> re.Pattern[str] | None:
    """For a quantity question, the amounts that answer it: in the unit it names ("hur många
    kronor" is not answered by "20 %"), or any amount when it names none."""
    if not _QUANTITY.search(question):
        return None
    for asked, answers in _UNITS.items():
        if re.search(rf"(?:{asked})", question, re.I):
            return re.compile(rf"\b(?:\d[\d\s,.]*|{_NUMBER_WORDS}\s)\s*(?:{answers})", re.I)
    return _AMOUNT


class AnsweringService:
    """Answers questions from the index that `search` reads."""

    def __init__(self, settings: Settings, search: SearchService, generative: GenerativeAnswerer | None = None) -> None:
        self.settings = settings
        self.search = search
        self.analyzer = SwedishAnalyzer(compounds="ngram")
        self.composer = ExtractiveComposer(self.analyzer)
        self.generative = generative
        self._loaded: CorpusStatistics | None = None
        self._answers: Memo[Answer] = Memo(settings.answer_cache_size)

    def resolve(self, question: str, history: Sequence[ChatTurn]) -> str:
        """The question as a search query: a follow-up ("Och vem ansvarar för det?") carries the
        previous question's topic along."""
        previous = next((t.content for t in reversed(history) if t.role == "user"), None)
        content = [w for w in words(question) if w not in _QUESTION_WORDS]
        if previous and (_FOLLOW_UP.search(question) or len(content) <= 1):
            return f"{previous} {question}"
        return question

    def _statistics(self) -> CorpusStatistics:
        """The corpus statistics of the index now (they change with the lexical index)."""
        statistics = self.search.lexical().statistics
        if statistics is not self._loaded:
            zipf_frequency("och", "sv")  # loads the Swedish word list now, not inside a question's latency
            self._loaded = statistics
        return statistics

    def evidence(self, question: str, results: Sequence[SearchResult], asked: Asked | None = None) -> Evidence:
        """How well the best results, together, match the question (`asked`: its `_asked`, if known)."""
        if not results:
            return Evidence(0.0, 0.0)
        similarity = max((r.dense_score or 0.0) for r in results[:3])
        asked = asked or self._asked(question)
        if not asked.stems:
            return Evidence(similarity, 1.0)
        amount = _amount_asked(question)
        quantity_missing = amount is not None and not any(
            amount.search(s) for r in results[:3] for s in self.composer.sentences_about(question, r)
        )
        return Evidence(
            similarity,
            self._coverage(asked, results[:3]),
            quantity_missing,
            self.unknown_words(question),
            self.names_missing_meeting(question),
        )

    def names_missing_meeting(self, question: str) -> bool:
        """Whether the question asks about a meeting on a date ("mötet den 14 november") on which
        the index holds no meeting: what another meeting's item says about it is not its answer."""
        match = _MEETING_ON.search(question)
        if not match:
            return False
        day, month, year = int(match["day"]), MONTHS[match["month"].lower()], match["year"]
        return not any(
            (n // 100 % 100, n % 100) == (month, day) and (year is None or n // 10000 == int(year))
            for n in self._statistics().meeting_dates
        )

    def unknown_words(self, question: str) -> tuple[str, ...]:
        """The question's specialised topic words that no document uses: rare in Swedish at large
        (so not everyday words like "tyckte" or "evigheter", which paraphrase what protocols say
        in other words), and not in the corpus as the word, a part of it (a compound), another
        form the glossary gives, or a near spelling. A question about "Cosmic" or "palliativ
        vård" in a corpus that never mentions them is one the documents are silent on, however
        close its other words come to some item."""
        statistics = self._statistics()
        frequency = statistics.document_frequency
        topic = [w for w in words(question) if w not in _QUESTION_WORDS and len(w) >= _MIN_UNKNOWN and w.isalpha()]
        unknown = []
        for word in topic:
            if max(zipf_frequency(word, "sv"), zipf_frequency(stem(word), "sv")) >= _RARE_IN_SWEDISH:
                continue
            if any(frequency.get(t) for t in statistics.stems.tokens(word)):
                continue
            if any(
                all(frequency.get(stem(w)) for w in words(alt))
                for _term, alts in self.search.glossary.alternatives(word)
                for alt in alts
            ):
                continue
            if statistics.near_spelling(word):
                continue  # a misspelling of a word the corpus uses
            unknown.append(word)
        return tuple(unknown)

    def _asked(self, question: str) -> Asked:
        """The question's topic stems, their rarity weights (a word the corpus never uses weighs
        most) and the glossary's other forms of its terms ("snusar" may be found as "tobak")."""
        statistics = self._statistics()
        frequency, stems, nodes = statistics.document_frequency, statistics.stems, statistics.nodes
        topic = " ".join(w for w in words(question) if w not in _QUESTION_WORDS)

        def weight(token: str) -> float:
            return math.log((nodes + 1) / (frequency.get(token, 0) + 0.5))

        synonyms = [
            (set(stems.tokens(term)), [set(stems.tokens(a)) for a in others])
            for term, others in self.search.glossary.alternatives(topic)
        ]
        return Asked(set(stems.tokens(topic)), weight, [(t, alts) for t, alts in synonyms if t])

    def _coverage(self, asked: Asked, results: Sequence[SearchResult]) -> float:
        """The rarity-weighted share of the asked stems that the results contain, in the
        question's words or in another form the glossary gives for them."""
        if not asked.stems:
            return 1.0
        found = self._found(asked, results)
        total = sum(asked.weight(t) for t in asked.stems)
        return sum(asked.weight(t) for t in asked.stems & found) / total if total > 0 else 1.0

    def _found(self, asked: Asked, results: Sequence[SearchResult]) -> set[str]:
        """The stems the results contain, plus each asked term whose other form they contain."""
        stems = self._statistics().stems
        found: set[str] = set().union(*(stems.tokens(f"{r.title} {r.text}") for r in results))
        for term, others in asked.synonyms:
            if any(alt and alt <= found for alt in others):
                found |= term
        return found

    def relevant(
        self, question: str, results: Sequence[SearchResult], asked: Asked | None = None
    ) -> list[SearchResult]:
        """The results that may be cited: each must itself be about the question (a confident dense
        match, or holding enough of the question's rare words), not merely rank near one that is."""
        asked = asked or self._asked(question)  # once per question, not once per result
        citable = [
            r
            for r in results
            if (r.dense_score or 0.0) >= self.settings.abstain_confident_similarity
            or self._coverage(asked, [r]) >= _ITEM_COVERAGE
        ]
        if intent_of(question) == "tidslinje" or spans_meetings(question):
            # An answer over several meetings cites every item it lists: beyond the best, only
            # those that are themselves mostly about the question.
            citable = citable[:1] + [r for r in citable[1:] if self._coverage(asked, [r]) >= _SPAN_COVERAGE]
        return citable

    def abstains(self, evidence: Evidence) -> bool:
        s = self.settings
        return (
            evidence.quantity_missing
            or bool(evidence.unknown)
            or evidence.no_such_meeting
            or evidence.similarity < s.abstain_min_similarity
            or (evidence.similarity < s.abstain_confident_similarity and evidence.coverage < s.abstain_min_coverage)
        )

    def bodies(self) -> set[str]:
        """The bodies the index holds meetings of (to tell which one a question names)."""
        return set(self._statistics().bodies)

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

    def citable(
        self, question: str, history: Sequence[ChatTurn] = (), filters: SearchFilters | None = None
    ) -> Answer | list[SearchResult]:
        """The items an answer may be built from, best first; or the finished Answer when the
        documents are silent (an abstention) or a named person's presentations answer it."""
        query, results = self.retrieve(question, history, filters)
        if intent_of(question) == "föredragande" and (by_person := self.composer.presented_by(question, results)).lines:
            return Answer(answer=by_person.text, citations=by_person.citations(), abstained=False, mode="extractive")
        asked = self._asked(query)
        if self.abstains(self.evidence(query, results, asked)):
            return self._abstain(question, results)
        results = self.relevant(query, results, asked)
        if not results:
            return self._abstain(question, [])
        if (amount := _amount_asked(query)) is not None:
            # "Hur mycket …?": the item that states an amount answers, however it ranked.
            results.sort(key=lambda r: not any(amount.search(s) for s in self.composer.sentences_about(query, r)))
        return [defanged(r) for r in results]  # what a document says to a model is not passed on

    def answer(self, question: str, history: Sequence[ChatTurn] = (), filters: SearchFilters | None = None) -> Answer:
        if self.generative is not None:  # a model's answers are not remembered: it may be asked to vary them
            return self._answer(question, history, filters)
        key = (
            question,
            tuple((turn.role, turn.content) for turn in history),
            filters.key() if filters else None,
            self.search.store.generation(),  # an ingest makes every remembered answer stale
        )
        return self._answers.get(key, lambda: self._answer(question, history, filters)).model_copy(deep=True)

    def _answer(self, question: str, history: Sequence[ChatTurn], filters: SearchFilters | None) -> Answer:
        results = self.citable(question, history, filters)
        if isinstance(results, Answer):
            return results
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
        if self.generative is None:
            final = self.answer(question, history, filters)
            yield final.answer
            yield final
            return
        results = self.citable(question, history, filters)
        if isinstance(results, Answer):
            final = results
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
        suggestions = [citation(defanged(r)) for r in results[:_SUGGESTIONS]]
        text = f"Jag hittar inget i protokollen om {topic_of(question)}."
        if suggestions:
            text += " Närmast finns: " + "; ".join(f"{s.title} [{s.label}]" for s in suggestions) + "."
        return Answer(answer=text, citations=[], abstained=True, mode="extractive", suggestions=suggestions)

    def _meeting_of(self, result: SearchResult) -> SearchResult | None:
        doc_id = result.id.split("--", 1)[0]
        found = self.search.item(f"{doc_id}--{MEETING}")
        return defanged(found) if found is not None else None


def build_answering(settings: Settings, search: SearchService) -> AnsweringService:
    """The answering service as configured: with a language model when `ASSISTANT_LLM` names one."""
    model = build_llm(settings)
    generative = GenerativeAnswerer(model, settings) if model is not None else None
    return AnsweringService(settings, search, generative)
