"""The offline answer: built from the retrieved items' own words, each line cited.

No sentence is written that the documents do not contain, except the short Swedish frame
("Beslut:", "Ansvarig:"), so the answer can be wrong only by citing the wrong item, never
by inventing a fact. Each question type reads its own field: decisions from the decision
text, responsibility from the assignments, presenters, dates and attendance from theirs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from assistant.answering.labels import SHORT_NAMES, citation
from assistant.answering.models import Citation
from assistant.answering.timeline import Step, cell, ordered, status_of, summary_of, topic_url
from assistant.documents.names import NAME_PATTERN, is_person_name
from assistant.documents.untrusted import untrusted
from assistant.retrieval.analyzer import SwedishAnalyzer, words
from assistant.retrieval.models import SearchResult
from assistant.understanding.question import Question

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"”])")
_MAX_ITEMS = 3
_MAX_SENTENCES = 3
_QUOTE_LIMIT = 600
_MEETING_DATE = re.compile(
    r"\b(?:hölls|sammanträdde|träffades|möttes|sammanträdesdatum)\b", re.I
)  # the meeting's own date
_DATE_WORDS = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2} (?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november"
    r"|december)|januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|våren|hösten"
    r"|sommaren|vintern|vecka|veckan|\d{4})\b",
    re.I,
)
_CLOSE = 0.95  # a runner-up this close to the best fused score is cited too (measured in eval/RESULTS.md)


PROPOSAL_NOTE = (
    "Obs: källan är en kallelse eller föredragningslista. Det som står där är förslag till beslut, inte "
    "fattade beslut; se mötets protokoll för vad som beslutades."
)


@dataclass
class Composed:
    """Answer text and the items it cites, in order of first citation."""

    lines: list[str]
    cited: list[SearchResult]
    missing: bool = False  # the field the question asks for (a role, a date) is not in the documents

    def cite(self, result: SearchResult) -> str:
        if result.id not in {r.id for r in self.cited}:
            self.cited.append(result)
        return f"[{citation(result).label}]"

    @property
    def text(self) -> str:
        """The lines, and a note when an agenda is cited: what it says are proposals, not decisions."""
        agendas = [r for r in self.cited if r.doc_kind == "agenda"]
        if not agendas:
            return "\n".join(self.lines)
        return "\n".join([*self.lines, PROPOSAL_NOTE])

    def citations(self) -> list[Citation]:
        return [citation(r) for r in self.cited]


_CLAUSE_END = re.compile(r"[.;:!?](?=\s)")


def _quote(text: str) -> str:
    """The text, or as much of it as fits, ending where a sentence or clause ends (never mid-clause
    unless one clause alone is longer than the limit)."""
    text = " ".join(text.split())
    if len(text) <= _QUOTE_LIMIT:
        return text
    head = text[: _QUOTE_LIMIT + 1]
    ends = [m.end() for m in _CLAUSE_END.finditer(head)]
    if ends and ends[-1] >= _QUOTE_LIMIT // 3:
        return head[: ends[-1]] + " …"
    return head[:_QUOTE_LIMIT].rsplit(" ", 1)[0] + " …"


def _where(result: SearchResult) -> str:
    body = result.body or result.doc_title or "okänt organ"
    return f"{body} {result.date}" if result.date else f"{body} (datum okänt)"


def names_body(question: str, body: str | None) -> bool:
    """Whether the question names this body: its short name ("LSG") or the start of a word of its
    name ("samrådsmötet" names "Samråd hälsa, vård och omsorg")."""
    if not body:
        return False
    asked = [w.lower() for w in re.findall(r"\w+", question)]
    short = SHORT_NAMES.get(body)
    if short and short.lower() in asked:
        return True
    name_words = [w.lower() for w in re.findall(r"\w+", body) if len(w) >= 5]
    return any(word.startswith(name[:6]) for name in name_words[:1] for word in asked)


def _items(results: Sequence[SearchResult], spans: bool) -> list[SearchResult]:
    """The items worth citing: the best one; others only when the question spans meetings and
    they rank nearly as high.

    Citing a runner-up "for completeness" is how answers come to cite items that do not
    answer the question: the neighbouring item of the same meeting nearly always ranks close.
    """
    items = [r for r in results if r.item][:_MAX_ITEMS]
    if not items:
        return []
    if not spans:
        return items[:1]
    return [items[0], *(r for r in items[1:] if r.score >= _CLOSE * items[0].score)]


_ASKS_PRESENTER = re.compile(r"^\s*(?:och\s+)?(?:vem|vilka|vilken)\b", re.I)
# "Vem är …", "Vilka var de två processledarna?": the answer is a person's name or none.
_ASKS_PERSON = re.compile(r"^\s*(?:och\s+)?(?:vem|vilka)\s+(?:är|var|blir|blev)\b", re.I)
_NAME = re.compile(NAME_PATTERN)


def _names_people(sentence: str) -> bool:
    return any(is_person_name(m.group(0)) for m in _NAME.finditer(sentence))


def defanged(result: SearchResult) -> SearchResult:
    """The result made safe to quote (assistant/answering/untrusted.py), in every field an answer
    uses: no sentence aimed at a model, no square bracket that could pass for a citation."""

    def safe(text: str) -> str:
        return untrusted(text, result.id)

    return result.model_copy(
        update={
            "title": safe(result.title),
            "text": safe(result.text),
            "decision": safe(result.decision) if result.decision else result.decision,
            "presenters": [safe(p) for p in result.presenters],
            "assignments": [{k: safe(v) if isinstance(v, str) else v for k, v in a.items()} for a in result.assignments],
        }
    )


class ExtractiveComposer:
    """Composes answers by question type from search results (best first)."""

    def __init__(self, analyzer: SwedishAnalyzer | None = None) -> None:
        self.analyzer = analyzer or SwedishAnalyzer(compounds="ngram")

    def compose(
        self,
        asked: Question,
        results: Sequence[SearchResult],
        meeting_of: Callable[[SearchResult], SearchResult | None],
    ) -> Composed:
        """`meeting_of` fetches the meeting node of a result's document (for attendance questions).
        Results and meetings come `defanged` (AnsweringService.citable and its `_meeting_of`):
        document text is made safe once, where it enters answering, not again here."""
        intent = asked.intent
        if asked.latest and intent in ("beslut", "allmänt"):
            latest = self._latest(asked, results)
            if latest.lines:
                return latest
        handlers = {
            "beslut": self._decisions,
            "ansvar": self._responsibility,
            "föredragande": self._presenters,
            "datum": lambda q, r: self._dates(q, r, meeting_of),
            "tidslinje": self._timeline,
        }
        if intent == "närvaro":
            composed = self._attendance(asked, results, meeting_of)
            if not composed.lines and asked.role:
                return Composed([], [], missing=True)  # the role is not in the protocol: say so, not something else
        elif intent in handlers:
            composed = handlers[intent](asked, results)
            if intent == "föredragande" and not composed.lines and _ASKS_PRESENTER.search(asked.text):
                return Composed([], [], missing=True)  # the item names no presenter: say so, not something else
        elif _ASKS_PERSON.search(asked.text):
            composed = self._people(asked, results)
            return composed if composed.lines else Composed([], [], missing=True)
        else:
            composed = Composed([], [])
        return composed if composed.lines or composed.missing else self._sentences(asked, results)

    # --- by question type -----------------------------------------------------------------

    def _decisions(self, asked: Question, results: Sequence[SearchResult]) -> Composed:
        out = Composed([], [])
        decided = [r for r in _items(results, asked.spans_meetings) if r.decision]
        # Decisions proper before acknowledgements of information, but never an empty answer.
        decided = [r for r in decided if r.kind == "beslut"] or decided
        for result in decided[:2]:
            said = (
                f"I kallelsen till {_where(result)} föreslås i ärendet"
                if result.doc_kind == "agenda"
                else f"{_where(result)} beslutade i ärendet"
            )
            out.lines.append(f"{said} «{result.title}»: «{_quote(result.decision or '')}» {out.cite(result)}")
        return out

    def _responsibility(self, asked: Question, results: Sequence[SearchResult]) -> Composed:
        question = asked.query
        out = Composed([], [])
        for result in _items(results, asked.spans_meetings):
            ranked = sorted(
                result.assignments,
                key=lambda a: (not a.get("in_decision"), -self._overlap(question, a.get("sentence", ""))),
            )
            for assignment in ranked[:3]:
                who = assignment.get("assignee") or "(ej angivet)"
                parts = [f"{who}: {assignment.get('task') or ''}".rstrip(": ")]
                if assignment.get("report_to"):
                    parts.append(f"återrapportering till {assignment['report_to']}")
                if assignment.get("deadline"):
                    parts.append(f"senast/under {assignment['deadline']}")
                kind = {"uppdrag": "Uppdrag", "ansvar": "Ansvar", "delegering": "Delegering",
                        "återrapportering": "Återrapportering", "rekommendation": "Rekommendation"}.get(assignment.get("type", ""), "Ansvar")  # fmt: skip
                out.lines.append(f"- {kind} – {', '.join(parts)} {out.cite(result)}")
            if out.lines:
                break  # the best-matching item with assignments answers; more would dilute
        if out.lines:
            out.lines.insert(0, f"Enligt {_where(out.cited[0])}, ärendet «{out.cited[0].title}»:")
        return out

    def _presenters(self, asked: Question, results: Sequence[SearchResult]) -> Composed:
        out = Composed([], [])
        for result in _items(results, asked.spans_meetings)[:2]:
            if result.presenters:
                names = (
                    " och ".join([", ".join(result.presenters[:-1]), result.presenters[-1]])
                    if len(result.presenters) > 1
                    else result.presenters[0]
                )
                out.lines.append(f"{names} föredrog ärendet «{result.title}» ({_where(result)}) {out.cite(result)}")
        return out

    def presented_by(self, question: str, results: Sequence[SearchResult]) -> Composed:
        """What a person named in the question presented ("Vad har Ewa Hemmingsson föredragit?"):
        the name itself is the evidence, so this does not wait for topical similarity."""
        out = Composed([], [])
        lower = question.lower()
        results = [defanged(r) for r in results]
        named = {p for r in results for p in r.presenters if p.lower() in lower}
        for person in sorted(named):
            items = [r for r in results if person in r.presenters and r.item]
            if items:
                out.lines.append(f"{person} föredrog:")
                out.lines.extend(f"- «{r.title}» ({_where(r)}) {out.cite(r)}" for r in items)
        return out

    def _dates(
        self, asked: Question, results: Sequence[SearchResult], meeting_of: Callable[[SearchResult], SearchResult | None]
    ) -> Composed:
        """A date the text gives for what is asked ("Driftstarten … första hela veckan i maj"),
        else the date of the meeting that handled it; never another item's date."""
        question = asked.query
        out = Composed([], [])
        for result in _items(results, asked.spans_meetings)[:1] if not _MEETING_DATE.search(question) else []:
            dated = [s for s in self.sentences_about(question, result, 4) if _DATE_WORDS.search(s)]
            if dated:
                out.lines.append(
                    f"{_where(result)}, «{result.title}»: {_quote(' '.join(dated[:2]))} {out.cite(result)}"
                )
        if out.lines:
            return out
        if results and not results[0].date:
            return Composed([], [], missing=True)
        if _MEETING_DATE.search(question) and results:
            meeting = results[0] if not results[0].item else meeting_of(results[0])
            if meeting is not None:
                facts = [line for line in meeting.text.split("\n") if line.startswith(("Datum:", "Tid:", "Plats:"))]
                out.lines.append(
                    f"{meeting.body or 'Mötet'} sammanträdde den {meeting.date}: {'; '.join(facts)} {out.cite(meeting)}"
                )
                return out
        for result in [r for r in results[:_MAX_ITEMS] if r.date][:1]:
            what = f"Ärendet «{result.title}»" if result.item else "Mötet"
            meeting_facts = [line for line in result.text.split("\n") if line.startswith(("Datum:", "Tid:"))]
            extra = f" ({'; '.join(meeting_facts)})" if meeting_facts and not result.item else ""
            out.lines.append(
                f"{what} behandlades av {result.body or 'organet'} den {result.date}{extra} {out.cite(result)}"
            )
        return out

    def steps(self, asked: Question, results: Sequence[SearchResult]) -> list[Step]:
        """One step per meeting (its best-ranked item about the matter), inside the named period."""
        seen: set[str] = set()
        steps: list[Step] = []
        for result in results:
            meeting = result.id.split("--", 1)[0]
            if not result.item or meeting in seen:
                continue
            if asked.period is not None and not asked.period.holds(_iso_day(result.date)):
                continue
            seen.add(meeting)
            steps.append(Step(result, status_of(result), summary_of(result, self._best_sentences(asked.query, result, 1))))
        return steps

    def _timeline(self, asked: Question, results: Sequence[SearchResult]) -> Composed:
        """A table: one row per meeting that handled the matter (date, body, what happened, citation)."""
        out = Composed([], [])
        steps = ordered(self.steps(asked, results), newest_first=asked.latest)
        if not steps:
            return Composed([], [], missing=asked.period is not None)
        where = f" {asked.period.label}" if asked.period is not None else ""
        order = "senaste först" if asked.latest else "äldst först"
        out.lines.append(f"Så här har «{asked.topic}» behandlats{where}, {order}:")
        out.lines.append("")
        out.lines.append("| Datum | Organ | Vad hände | Källa |")
        out.lines.append("|---|---|---|---|")
        for step in steps:
            r = step.result
            what = cell(f"{step.status.capitalize()}: {step.summary}")
            out.lines.append(f"| {r.date or 'datum okänt'} | {cell(r.body or r.doc_title or '')} | {what} | {out.cite(r)} |")
        if any(not s.date for s in steps):
            out.lines.append("")
            out.lines.append("Möten utan datum står sist: deras plats i tiden framgår inte av protokollen.")
        out.lines.append("")
        out.lines.append(f"Hela förloppet som tabell: {topic_url(asked.topic)}")
        return out

    def _latest(self, asked: Question, results: Sequence[SearchResult]) -> Composed:
        """The newest meeting that handled the matter, and that earlier ones exist (cited too)."""
        out = Composed([], [])
        steps = ordered(self.steps(asked, results), newest_first=True)
        dated = [s for s in steps if s.date]
        if not dated:
            return out
        newest, earlier = dated[0], dated[1:]
        r = newest.result
        out.lines.append(
            f"Senast behandlades «{asked.topic}» av {r.body or 'organet'} den {r.date} ({newest.status}): "
            f"«{newest.summary}» {out.cite(r)}"
        )
        if r.decision and newest.summary not in r.decision[: len(newest.summary) + 2]:
            out.lines.append(f"Beslut: «{_quote(r.decision)}» {out.cite(r)}")
        if earlier:
            out.lines.append(
                "Tidigare behandlat: "
                + "; ".join(f"{s.date} {s.result.body or ''} ({s.status}) {out.cite(s.result)}" for s in earlier[:4])
                + "."
            )
        return out

    def _attendance(
        self, asked: Question, results: Sequence[SearchResult], meeting_of: Callable[[SearchResult], SearchResult | None]
    ) -> Composed:
        out = Composed([], [])
        role = asked.role
        meetings: list[SearchResult] = []
        for result in results:
            meeting = result if not result.item else meeting_of(result)
            if meeting and meeting.id not in {m.id for m in meetings}:
                meetings.append(meeting)
        named = [m for m in meetings if m.body in asked.bodies]
        if named or asked.bodies:
            meetings = named  # "ordförande på samrådet" is never answered from another body's meeting
        if role == "Justerare":
            chooser = next((r for r in results if r.item and "juster" in (r.decision or "").lower()), None)
            if chooser and (not meetings or chooser.body == meetings[0].body):
                out.lines.append(f"{_where(chooser)}: «{_quote(chooser.decision or '')}» {out.cite(chooser)}")
                return out
        for meeting in meetings[:1]:
            lines = [line for line in meeting.text.split("\n") if role and line.startswith(f"{role}:")]
            if lines:
                out.lines.append(f"{_where(meeting)}: {lines[0]} {out.cite(meeting)}")
            elif role == "Justerare":
                # The justerare is chosen in an item ("X justerar protokollet"): that item says so.
                chosen = next((r for r in results if r.item and "juster" in (r.decision or r.text).lower()), None)
                if chosen:
                    out.lines.append(f"{_where(chosen)}: «{_quote(chosen.decision or chosen.text)}» {out.cite(chosen)}")
        return out

    # --- any question ----------------------------------------------------------------------

    def _overlap(self, question: str, text: str) -> float:
        asked = set(self.analyzer.tokens(question))
        if not asked:
            return 0.0
        return len(asked & set(self.analyzer.tokens(text))) / len(asked)

    def sentences_about(self, question: str, result: SearchResult, n: int = 2) -> list[str]:
        """The item's sentences that share most words with the question."""
        sentences = [s for p in result.text.split("\n") for s in _SENTENCE.split(p) if len(words(s)) >= 3]
        return sorted(sentences, key=lambda s: -self._overlap(question, s))[:n]

    def _best_sentences(self, question: str, result: SearchResult, n: int) -> str:
        sentences = [s for p in result.text.split("\n") for s in _SENTENCE.split(p) if len(words(s)) >= 3]
        ranked = sorted(sentences, key=lambda s: -self._overlap(question, s))
        chosen = set(ranked[:n])
        return " ".join(s for s in sentences if s in chosen)  # in the document's order

    def _people(self, asked: Question, results: Sequence[SearchResult]) -> Composed:
        question = asked.query
        """Sentences of the best item that name people (for "Vem är/Vilka var …?")."""
        out = Composed([], [])
        for result in _items(results, asked.spans_meetings)[:1]:
            named = [s for s in self.sentences_about(question, result, 6) if _names_people(s)]
            if named:
                out.lines.append(f"{_where(result)}, «{result.title}»: {_quote(' '.join(named[:2]))} {out.cite(result)}")
        return out

    def _sentences(self, asked: Question, results: Sequence[SearchResult]) -> Composed:
        question = asked.query
        out = Composed([], [])
        for result in _items(results, asked.spans_meetings)[:2]:
            best = self._best_sentences(question, result, _MAX_SENTENCES if not out.lines else 1)
            if best:
                out.lines.append(f"{_where(result)}, «{result.title}»: {_quote(best)} {out.cite(result)}")
            if best and result.decision and len(out.lines) == 1 and result.decision[:40] not in best:
                # What was done with the matter is what most open questions about it want to know.
                out.lines.append(f"Beslut: «{_quote(result.decision)}» {out.cite(result)}")
        return out


def _iso_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
