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
from dataclasses import dataclass, replace
from datetime import date

from wordfreq import zipf_frequency

from assistant.answering.extractive import ExtractiveComposer, defanged, names_body
from assistant.answering.generative import Fallback, GenerativeAnswerer
from assistant.answering.labels import SHORT_NAMES, citation
from assistant.answering.models import Answer, AnswerMode, ChatTurn
from assistant.answering.timeline import Step, ordered
from assistant.components.llm import build_llm
from assistant.config import Settings
from assistant.documents.dates import MONTHS
from assistant.indexing.ids import MEETING
from assistant.retrieval.analyzer import SwedishAnalyzer, stem, words
from assistant.retrieval.memo import Memo
from assistant.retrieval.models import SearchFilters, SearchResult
from assistant.retrieval.ranker import Ranker, load_ranker
from assistant.retrieval.ranking import Ranked, RankingService
from assistant.retrieval.search import SearchService
from assistant.retrieval.statistics import CorpusStatistics
from assistant.retrieval.topic import TopicModel, load_topic_model, on_topic
from assistant.understanding.amounts import amount_asked
from assistant.understanding.bodies import BodyCatalogue, body_catalogue
from assistant.understanding.intent import intent_of, topic_of
from assistant.understanding.question import QUESTION_WORDS, Question, resolve, spans_meetings, understand

log = logging.getLogger(__name__)
_MEETING_ON = re.compile(
    r"\b(?:möte\w*|sammanträde\w*|samrådet|samrådsmöte\w*)\s+(?:\w+\s+){0,2}?(?:den\s+|på\s+|i\s+)?"
    r"(?P<day>\d{1,2})(?::e|:a)?\s+(?P<month>" + "|".join(MONTHS) + r")(?:\s+(?P<year>\d{4}))?\b",
    re.I,
)
_SUGGESTIONS = 3
# Without a learned ranker (rank fusion, issue 4): an item is citable with this share of the question's
# rare words, and in an answer across meetings, beyond the first, with _SPAN_COVERAGE.
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


class AnsweringService:
    """Answers questions from the index that `search` reads."""

    def __init__(
        self,
        settings: Settings,
        search: SearchService,
        generative: GenerativeAnswerer | None = None,
        ranker: Ranker | None = None,
        topic_model: TopicModel | None = None,
    ) -> None:
        self.settings = settings
        self.search = search
        self.analyzer = SwedishAnalyzer(compounds="ngram")
        self.composer = ExtractiveComposer(self.analyzer)
        self.generative = generative
        self._loaded: CorpusStatistics | None = None
        self._catalogue: tuple[CorpusStatistics, BodyCatalogue] | None = None
        self.ranking = RankingService(search, ranker)
        self.topic_model = topic_model
        self._answers: Memo[Answer] = Memo(settings.answer_cache_size)

    def resolve(self, question: str, history: Sequence[ChatTurn]) -> str:
        """The question as a search query (a follow-up carries the previous question along)."""
        return resolve(question, history)

    def understand(self, question: str, history: Sequence[ChatTurn] = ()) -> Question:
        """The question read once, against the bodies of the index and today's date."""
        statistics = self._statistics()
        if self._catalogue is None or self._catalogue[0] is not statistics:
            catalogue = body_catalogue(statistics.bodies, self.search.glossary.groups, SHORT_NAMES)
            self._catalogue = (statistics, catalogue)
        return understand(question, history, self._catalogue[1], self.settings.today or date.today())

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
        amount = amount_asked(question)
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
        topic = [w for w in words(question) if w not in QUESTION_WORDS and len(w) >= _MIN_UNKNOWN and w.isalpha()]
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
        topic = " ".join(w for w in words(question) if w not in QUESTION_WORDS)

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
        if self.ranking.ranker is None:
            return self._citable_fused(question, history, filters)
        asked = self.understand(question, history)
        ranked = self._rank(asked, filters)
        results = ranked.results
        if asked.intent == "föredragande" and (by_person := self.composer.presented_by(asked.query, results[:10])).lines:
            return Answer(answer=by_person.text, citations=by_person.citations(), abstained=False, mode="extractive")
        if (why := self.abstention(asked, ranked)) is not None:
            return self._abstain(question, results, self._no_meeting_note(asked) if why.startswith("inget möte") else "")
        return [defanged(r) for r in self._cited(asked, ranked)]

    def _rank(self, asked: Question, filters: SearchFilters | None) -> Ranked:
        """The candidates ranked for the question's matter. "Senast" is not ranked for: the newest of the
        meetings about the matter is chosen among them (the composer's `_latest`), since a ranker that
        favours recent items puts a recent item on another matter first."""
        ranked = self.ranking.rank(replace(asked, latest=False) if asked.latest else asked, filters)
        return self._across_meetings(asked, ranked)

    def _across_meetings(self, asked: Question, ranked: Ranked) -> Ranked:
        """For a question across meetings, the confidence that the first item answers, measured against
        the first candidate after the leading block of items about the same matter: the meetings of one
        matter score alike, and a small margin among them is no doubt about the matter."""
        if not (ranked.learned and self.ranking.ranker and self._spans(asked)) or len(ranked.results) < 2:
            return ranked
        chosen = {r.id for r, _ in on_topic(ranked.results, ranked.scores, ranked.rows, self.topic_model)}
        block = next((i for i, r in enumerate(ranked.results) if r.id not in chosen), len(ranked.results))
        return replace(ranked, confidence=self.ranking.ranker.confidence(ranked.scores, ranked.rows, max(1, block)))

    @staticmethod
    def _spans(asked: Question) -> bool:
        return asked.intent == "tidslinje" or asked.spans_meetings or asked.latest

    def abstention(self, asked: Question, ranked: Ranked) -> str | None:
        """Why the documents do not answer the question (None: they do). The ranker's calibrated
        confidence decides, after the checks that hold whatever the scores: a specialised word no
        document uses, a meeting day the index holds no meeting on, an amount the best item lacks."""
        if not ranked.results:
            return "inga träffar"
        if unknown := self.unknown_words(asked.query):
            return f"okända ord: {', '.join(unknown)}"
        period = asked.period
        if period is not None and not self._meetings_in(asked):
            return f"inget möte {period.label}"
        if asked.amount is not None and not asked.amount.search(ranked.results[0].text):
            return "inget belopp i den enhet som efterfrågas"
        if ranked.confidence is not None and self.ranking.ranker and ranked.confidence < self.ranking.ranker.threshold:
            return f"osäker ({ranked.confidence:.2f})"
        return None

    def _meetings_in(self, asked: Question) -> list[tuple[str, date]]:
        """The meetings (body, day) inside the period the question names, of the bodies it names if any."""
        period = asked.period
        statistics = self._statistics()
        if statistics.meetings:
            meetings = [(b, n) for b, n in statistics.meetings if not asked.bodies or b in asked.bodies]
        else:  # statistics saved before bodies were kept per meeting
            meetings = [("", n) for n in statistics.meeting_dates]
        if any(n == 0 for _, n in meetings) and not (period is not None and period.day):
            # An undated protocol may have been held in any period: no period is known to be without one.
            return [(b, date.min) for b, n in meetings if n == 0]
        held = [(b, d) for b, n in meetings if (d := _day_of(n)) is not None]
        return [(b, d) for b, d in held if period is None or period.holds(d)]

    def _no_meeting_note(self, asked: Question) -> str:
        """ "Det finns inget protokoll från LSG i november 2025. Närmast finns: …" for an abstention."""
        period = asked.period
        if period is None:
            return ""
        statistics = self._statistics()
        held = [(b, d) for b, n in statistics.meetings if n and (d := _day_of(n)) is not None]
        if asked.bodies:
            held = [(b, d) for b, d in held if b in asked.bodies]
        whose = " eller ".join(SHORT_NAMES.get(b, b) for b in asked.bodies) if asked.bodies else "något organ"
        if asked.bodies and not held:
            return (
                f"Protokollen från {whose} i underlaget saknar datum, så det går inte att säga vilka möten som "
                f"hölls under perioden {period.label}."
            )
        note = f"Det finns inget protokoll från {whose} för perioden {period.label} i underlaget."
        middle = period.since or period.until
        if held and middle is not None:
            nearest = sorted(held, key=lambda m: abs((m[1] - middle).days))[:3]
            shown = "; ".join(f"{SHORT_NAMES.get(b, b)} {d.isoformat()}" for b, d in sorted(nearest, key=lambda m: m[1]))
            note += f" Närmast finns möten: {shown}."
        return note

    def _cited(self, asked: Question, ranked: Ranked) -> list[SearchResult]:
        """The ranker's first item; for a question across meetings or about the latest handling, also
        the items about the same matter (the on-topic model, retrieval/topic.py)."""
        first = ranked.results[:1]
        if not self._spans(asked):
            return first
        chosen = on_topic(ranked.results, ranked.scores, ranked.rows, self.topic_model)
        return [result for result, _ in chosen]

    def timeline(self, topic: str, filters: SearchFilters | None = None) -> list[Step]:
        """Every meeting that handled a matter, oldest first (the topic page and its CSV): the question
        read as a timeline question, ranked, and the candidates about the matter itself kept."""
        asked = replace(self.understand(topic), intent="tidslinje")
        ranked = self._rank(asked, filters)
        if not ranked.results or (ranked.learned and self.abstention(asked, ranked) is not None):
            return []
        chosen = on_topic(ranked.results, ranked.scores, ranked.rows, self.topic_model)
        return ordered(self.composer.steps(asked, [defanged(r) for r, _ in chosen]))

    def explain(
        self, question: str, history: Sequence[ChatTurn] = (), filters: SearchFilters | None = None
    ) -> dict[str, object]:
        """How the question was understood and ranked (`assistant ask --explain`, the API's debug field)."""
        asked = self.understand(question, history)
        ranked = self._rank(asked, filters)
        return {
            "fråga": asked.explain(),
            "rankning": "inlärd" if ranked.learned else "rangfusion (RRF)",
            "säkerhet": None if ranked.confidence is None else round(ranked.confidence, 3),
            "tröskel": self.ranking.ranker.threshold if self.ranking.ranker else None,
            "avstår": self.abstention(asked, ranked) if ranked.learned else None,
            "kandidater": [
                {"id": r.id, "titel": r.title, "organ": r.body, "datum": r.date, "poäng": round(float(s), 3)}
                for r, s in zip(ranked.results[:5], ranked.scores[:5])
            ],
        }

    def _citable_fused(
        self, question: str, history: Sequence[ChatTurn], filters: SearchFilters | None
    ) -> Answer | list[SearchResult]:
        """`citable` without a learned ranker: rank fusion, a hard scope to a named body, and
        abstention by hand-set thresholds (eval/RESULTS.md, issue 4)."""
        query, results = self.retrieve(question, history, filters)
        if intent_of(question) == "föredragande" and (by_person := self.composer.presented_by(question, results)).lines:
            return Answer(answer=by_person.text, citations=by_person.citations(), abstained=False, mode="extractive")
        asked = self._asked(query)
        if self.abstains(self.evidence(query, results, asked)):
            return self._abstain(question, results)
        results = self.relevant(query, results, asked)
        if not results:
            return self._abstain(question, [])
        if (amount := amount_asked(query)) is not None:
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
            return self._extractive(question, history, results, fallback=True)
        return self._extractive(question, history, results)

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
                final = self._extractive(question, history, results, fallback=True)
                yield final.answer
                yield final
                return
            yield part

    def _extractive(
        self, question: str, history: Sequence[ChatTurn], results: Sequence[SearchResult], *, fallback: bool = False
    ) -> Answer:
        composed = self.composer.compose(self.understand(question, history), results, self._meeting_of)
        if not composed.lines or composed.missing:
            return self._abstain(question, results)
        text = composed.text
        if fallback:
            text = f"{FALLBACK_NOTE}\n{text}"
        mode: AnswerMode = "llm-fallback" if fallback else "extractive"
        return Answer(answer=text, citations=composed.citations(), abstained=False, mode=mode)

    def _abstain(self, question: str, results: Sequence[SearchResult], note: str = "") -> Answer:
        suggestions = [citation(defanged(r)) for r in results[:_SUGGESTIONS]]
        text = note or f"Jag hittar inget i protokollen om {topic_of(question)}."
        if suggestions:
            text += " Närmast finns: " + "; ".join(f"{s.title} [{s.label}]" for s in suggestions) + "."
        return Answer(answer=text, citations=[], abstained=True, mode="extractive", suggestions=suggestions)

    def _meeting_of(self, result: SearchResult) -> SearchResult | None:
        doc_id = result.id.split("--", 1)[0]
        found = self.search.item(f"{doc_id}--{MEETING}")
        return defanged(found) if found is not None else None


def _day_of(number: int) -> date | None:
    """A YYYYMMDD number as a date (None if it is not one)."""
    try:
        return date(number // 10000, number // 100 % 100, number % 100)
    except ValueError:
        return None


def build_answering(settings: Settings, search: SearchService) -> AnsweringService:
    """The answering service as configured: with a language model when `ASSISTANT_LLM` names one."""
    model = build_llm(settings)
    generative = GenerativeAnswerer(model, settings) if model is not None else None
    ranker = load_ranker(settings.ranker_model) if settings.ranker_model else load_ranker()
    return AnsweringService(settings, search, generative, ranker, load_topic_model() if ranker else None)
