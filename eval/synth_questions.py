"""Questions with graded gold, generated from a synthetic corpus's manifest: training data for the
ranker (seed of the training corpus) and a generated test split (seed of the evaluation corpus).

Every intent staff use is generated (decision, responsibility, date, attendance, amount, latest,
general), in many wordings, with the body named in its several forms or not at all, the period
named absolutely ("i mars 2024", "hösten 2019", "den 4 maj 2021") or relative to the day the
question is asked ("i våras", "förra året"), with synonyms from the thesaurus, dropped and
misspelled words; and questions that no item answers (topics the corpus never treats, a
body's meeting in a month it did not meet, a body that does not exist).

Grades: 2 for the item the question was made from and any other that fits it equally (same
topic, body, period and title form), 1 for items of the same topic that fit every constraint
the question names (a legitimate answer to a question that names no date), 0 otherwise.
"""

from __future__ import annotations

import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import synth_corpus  # noqa: E402

from assistant.indexing.ids import document_id, item_id, meeting_id  # noqa: E402
from assistant.retrieval.glossary import Glossary  # noqa: E402

MONTHS = synth_corpus.MONTH_NAMES
OFF_TOPICS = (
    "ambulansflyget",
    "cancerscreeningen",
    "tandvårdsstödet",
    "HPV-vaccinationen",
    "glasögonbidraget",
    "parkeringsavgifterna vid sjukhuset",
    "IT-säkerheten i journalsystemet",
    "hörselvården",
    "förlossningsvården i inlandet",
    "transplantationer",
    "donationsverksamheten",
    "friskvårdsbidraget",
    "matsedeln i skolan",
    "snöröjningen",
    "vindkraften",
    "bredbandsutbyggnaden",
    "kollektivtrafiken",
    "biblioteksplanen",
    "simhallen",
    "turismstrategin",
    "allergivården",
    "blodgivningen",
    "robotkirurgin",
    "strålbehandlingen",
    "organdonation",
    "hyresavtalet för vårdcentralen",
    "lönekartläggningen",
    "upphandlingen av städtjänster",
)
FAKE_BODIES = ("Folkhälsorådet", "Pensionärsrådet", "Kulturnämnden", "Tekniska nämnden", "Krisledningsnämnden")


@dataclass
class GenQuestion:
    question: str
    intent: str
    gold: dict[str, int]  # item id -> grade (empty: no item answers)
    today: date
    origin: str = ""  # the document the question was made from (for splits)
    constrained: bool = False
    tags: list[str] = field(default_factory=list)


@dataclass
class _Doc:
    record: synth_corpus.DocumentRecord
    doc_id: str
    day: date


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _body_forms(body: str) -> list[str]:
    """How staff write a body: its name, lower case, definite forms of its head."""
    forms = [body, body.lower()]
    head, _, rest = body.partition(" ")
    if body.startswith("Beredning "):
        forms.append(f"beredningen för {rest.lower()}")
    elif body.startswith("Samråd "):
        forms += ["samrådet", f"samrådet för {rest.lower()}"]
    elif body.startswith("Socialnämnden, ") or body.startswith("Socialnämndens arbetsutskott, "):
        town = body.split(", ", 1)[1].replace(" kommun", "").rstrip("s")
        prefix = "socialnämnden" if body.startswith("Socialnämnden,") else "socialnämndens arbetsutskott"
        forms += [f"{prefix} i {town}", f"{prefix} i {body.split(', ', 1)[1]}"]
    elif body == "Länssamverkansgruppen":
        forms += ["LSG", "länssamverkansgruppen"]
    elif body.endswith("nämnden") or body.endswith("rådet") or body.startswith("Styrgruppen"):
        forms.append(_lower_first(body))
    return forms


def _period_forms(day: date, today: date, rng: random.Random) -> list[tuple[str, date, date]]:
    """Ways to name a period holding `day`, with the period's bounds (relative ones from `today`)."""
    month = MONTHS[day.month - 1]
    forms = [
        (f"den {day.day} {month} {day.year}", day, day),
        (f"i {month} {day.year}", date(day.year, day.month, 1), day),
        (f"under {day.year}", date(day.year, 1, 1), date(day.year, 12, 31)),
        (f"på mötet {day.isoformat()}", day, day),
    ]
    if day.month <= 6:
        forms.append((f"våren {day.year}", date(day.year, 1, 1), date(day.year, 6, 30)))
    elif day.month >= 8:
        forms.append((f"hösten {day.year}", date(day.year, 8, 1), date(day.year, 12, 31)))
    if today.year - day.year == 1:
        forms.append(("förra året", date(day.year, 1, 1), date(day.year, 12, 31)))
    if today.year == day.year and day.month <= 6 < today.month:
        forms.append(("i våras", date(day.year, 1, 1), date(day.year, 6, 30)))
    if (today - day).days < 330 and day.month != today.month:
        forms.append((f"i {month}", date(day.year, day.month, 1), day))
    return forms


def _noisy(text: str, rng: random.Random, glossary: Glossary) -> tuple[str, list[str]]:
    """The question as people type it: synonyms, a dropped or misspelled word, lower case."""
    tags = []
    if rng.random() < 0.4:
        for term, others in glossary.alternatives(text):
            if others and term.lower() in text.lower():
                swap = rng.choice(others)
                text = re.sub(re.escape(term), swap, text, count=1, flags=re.I)
                tags.append("synonym")
                break
    words = text.split()
    if rng.random() < 0.1 and len(words) > 6:
        del words[rng.randrange(2, len(words) - 1)]
        tags.append("dropped")
    if rng.random() < 0.12:
        long = [i for i, w in enumerate(words) if len(w) >= 7 and w.isalpha()]
        if long:
            i = rng.choice(long)
            w = words[i]
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            tags.append("typo")
    text = " ".join(words)
    if rng.random() < 0.3:
        text = text.lower().rstrip("?")
        tags.append("lower")
    return text, tags


class QuestionMaker:
    """Makes graded questions about the documents of one manifest."""

    def __init__(self, manifest: synth_corpus.Manifest, corpus: Path, glossary: Glossary, seed: int) -> None:
        self.rng = random.Random(seed)
        self.glossary = glossary
        self.docs = [
            _Doc(d, document_id(corpus / d.path, corpus), date.fromisoformat(d.date))
            for d in manifest.documents
            if d.kind == "protocol"
        ]
        self.by_topic: dict[str, list[tuple[_Doc, synth_corpus.ItemRecord]]] = defaultdict(list)
        self.meetings: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for doc in self.docs:
            self.meetings[doc.record.body].add((doc.day.year, doc.day.month))
            for item in doc.record.items:
                if item.topic:
                    self.by_topic[item.topic].append((doc, item))

    def _today(self, day: date) -> date:
        return day + timedelta(days=self.rng.randint(20, 420))

    def _grades(
        self,
        doc: _Doc,
        item: synth_corpus.ItemRecord,
        body: bool,
        period: tuple[date, date] | None,
        title_form: bool,
        need: str | None,
    ) -> dict[str, int]:
        grades = {}
        for other_doc, other in self.by_topic[item.topic or ""]:
            if body and other_doc.record.body != doc.record.body:
                continue
            if period and not (period[0] <= other_doc.day <= period[1]):
                continue
            if need == "decision" and not (other.decision and "beslutar" in other.decision):
                continue
            if need == "assignees" and not other.assignees:
                continue
            if need == "amount" and "kronor" not in (other.decision or ""):
                continue
            same_title = other.title == item.title
            grade = 2 if (same_title or not title_form) and (body and period) else 1
            grades[item_id(other_doc.doc_id, other.number)] = grade
        grades[item_id(doc.doc_id, item.number)] = 2
        return grades

    def _pick(self, want: str | None = None) -> tuple[_Doc, synth_corpus.ItemRecord]:
        for _ in range(200):
            doc = self.rng.choice(self.docs)
            items = [i for i in doc.record.items if i.topic]
            if want == "decision":
                items = [i for i in items if i.decision and "beslutar" in i.decision]
            elif want == "assignees":
                items = [i for i in items if i.assignees]
            elif want == "amount":
                items = [i for i in items if "kronor" in (i.decision or "")]
            if items:
                return doc, self.rng.choice(items)
        raise RuntimeError("no item fits")

    def _refs(self, doc: _Doc, today: date) -> tuple[str, str, bool, tuple[date, date] | None]:
        """A body reference and a period reference (either may be empty)."""
        r = self.rng
        body = r.random() < 0.6
        body_text = r.choice(_body_forms(doc.record.body)) if body else ""
        period: tuple[date, date] | None = None
        period_text = ""
        if r.random() < 0.55:
            text, since, until = r.choice(_period_forms(doc.day, today, r))
            period_text, period = text, (since, until if until >= since else since)
            if text.startswith("i ") and text.count(" ") == 1:  # "i mars": the whole month
                period = (since, date(since.year + since.month // 12, since.month % 12 + 1, 1) - timedelta(days=1))
            elif text.startswith("i ") and re.match(r"i \w+ \d{4}$", text):
                period = (since, date(since.year + since.month // 12, since.month % 12 + 1, 1) - timedelta(days=1))
        return body_text, period_text, body, period

    def decision(self) -> GenQuestion:
        doc, item = self._pick("decision")
        today = self._today(doc.day)
        body_text, period_text, body, period = self._refs(doc, today)
        topic, title = item.topic or "", _lower_first(item.title)
        subject = body_text or self.rng.choice(("man", "de", "gruppen", "nämnden"))
        forms = [
            f"Vad beslutade {subject} om {topic} {period_text}?",
            f"Vilket beslut fattades om {title} {period_text}?",
            f"Vad blev beslutet kring {topic}{' hos ' + body_text if body_text else ''} {period_text}?",
            f"{body_text or 'Vad'} {period_text}: vad beslutades om {title}?",
            f"Blev det något beslut om {topic} {period_text} {('i ' + body_text) if body_text else ''}?",
            f"Fattade {subject} något beslut om {title} {period_text}?",
        ]
        pick = self.rng.randrange(len(forms))
        grades = self._grades(doc, item, body, period, pick in (1, 3, 5), "decision")
        return self._make(forms[pick], "beslut", grades, today, doc)

    def responsibility(self) -> GenQuestion:
        doc, item = self._pick("assignees")
        today = self._today(doc.day)
        body_text, period_text, body, period = self._refs(doc, today)
        topic = item.topic or ""
        forms = [
            f"Vem ansvarar för {topic} enligt {body_text or 'protokollet'} {period_text}?",
            f"Vem fick i uppdrag att arbeta med {topic} {period_text}?",
            f"Vilket uppdrag gavs om {topic} {('av ' + body_text) if body_text else ''} {period_text}?",
            f"Vem ska följa upp {topic} {period_text}?",
            f"vem har ansvaret för {topic} {body_text} {period_text}",
        ]
        return self._make(self.rng.choice(forms), "ansvar", self._grades(doc, item, body, period, False, "assignees"), today, doc)

    def when(self) -> GenQuestion:
        doc, item = self._pick()
        today = self._today(doc.day)
        body_text, _, body, _ = self._refs(doc, today)
        title = _lower_first(item.title)
        forms = [
            f"När behandlades {title}{' av ' + body_text if body_text else ''}?",
            f"När tog {body_text or 'man'} upp {item.topic}?",
            f"Vilket datum diskuterades {title}?",
        ]
        return self._make(self.rng.choice(forms), "datum", self._grades(doc, item, body, None, True, None), today, doc)

    def amount(self) -> GenQuestion:
        doc, item = self._pick("amount")
        today = self._today(doc.day)
        body_text, period_text, body, period = self._refs(doc, today)
        forms = [
            f"Hur mycket pengar avsattes till {item.topic} {period_text}?",
            f"Hur många kronor fick arbetet med {item.topic}{' av ' + body_text if body_text else ''} {period_text}?",
            f"Vilket belopp beslutade {body_text or 'man'} om för {item.topic} {period_text}?",
        ]
        return self._make(self.rng.choice(forms), "belopp", self._grades(doc, item, body, period, False, "amount"), today, doc)

    def general(self) -> GenQuestion:
        doc, item = self._pick()
        today = self._today(doc.day)
        body_text, period_text, body, period = self._refs(doc, today)
        forms = [
            f"{item.title} {period_text}",
            f"Vad sades om {item.topic} {('på ' + body_text + 's möte') if body_text else ''} {period_text}?",
            f"Hur går arbetet med {item.topic} {period_text}?",
            f"Vad togs upp om {_lower_first(item.title)} {('i ' + body_text) if body_text else ''} {period_text}?",
            f"information om {item.topic} {body_text} {period_text}",
        ]
        title_form = forms.index(text := self.rng.choice(forms)) in (0, 3)
        return self._make(text, "allmänt", self._grades(doc, item, body, period, title_form, None), today, doc)

    def attendance(self) -> GenQuestion:
        doc = self.rng.choice(self.docs)
        today = self._today(doc.day)
        forms = [f"den {doc.day.day} {MONTHS[doc.day.month - 1]} {doc.day.year}", doc.day.isoformat()]
        when = self.rng.choice(forms)
        body_text = self.rng.choice(_body_forms(doc.record.body))
        role = self.rng.choice(("ordförande", "sekreterare", "justerare"))
        text = self.rng.choice(
            (
                f"Vem var {role} på {body_text}s möte {when}?",
                f"Vem var {role} när {body_text} sammanträdde {when}?",
                f"vilka var {role} {body_text} {when}",
            )
        )
        grades = {meeting_id(doc.doc_id): 2}
        if role == "justerare":
            for item in doc.record.items:
                if item.title == "Val av justerare":
                    grades[item_id(doc.doc_id, item.number)] = 2
        return self._make(text, "närvaro", grades, today, doc, constrained=True)

    def latest(self) -> GenQuestion:
        topic = self.rng.choice(sorted(self.by_topic))
        today = date(2026, 12, 31) + timedelta(days=self.rng.randint(0, 60))
        pool = self.by_topic[topic]
        doc0, _ = self.rng.choice(pool)
        body = self.rng.random() < 0.7
        if body:
            pool = [(d, i) for d, i in pool if d.record.body == doc0.record.body]
        newest = max(d.day for d, _ in pool)
        grades = {item_id(d.doc_id, i.number): 2 for d, i in pool if d.day == newest}
        body_text = self.rng.choice(_body_forms(doc0.record.body)) if body else ""
        forms = [
            f"Vad beslutades senast om {topic}{' i ' + body_text if body_text else ''}?",
            f"Vad är det senaste {body_text or 'man'} sagt om {topic}?",
            f"senaste beslutet om {topic} {body_text}",
        ]
        return self._make(self.rng.choice(forms), "senaste", grades, today, doc0, constrained=body)

    def unanswerable(self) -> GenQuestion:
        r = self.rng
        doc = r.choice(self.docs)
        today = self._today(doc.day)
        kind = r.random()
        if kind < 0.5:
            topic = r.choice(OFF_TOPICS)
            body_text = r.choice(_body_forms(doc.record.body)) if r.random() < 0.5 else ""
            text = r.choice(
                (
                    f"Vad beslutade {body_text or 'man'} om {topic}?",
                    f"Vem ansvarar för {topic}?",
                    f"Hur mycket kostar {topic}?",
                    f"Vad sades om {topic} {body_text}?",
                )
            )
            tag = "off-topic"
        elif kind < 0.8:
            body = doc.record.body
            free = [
                (y, m)
                for y in range(doc.day.year - 2, doc.day.year + 1)
                for m in range(1, 13)
                if (y, m) not in self.meetings[body] and date(y, m, 1) < today
            ]
            y, m = r.choice(free)
            _, item = self._pick()
            text = f"Vad beslutade {r.choice(_body_forms(body))} om {item.topic} i {MONTHS[m - 1]} {y}?"
            tag = "no-meeting"
        else:
            _, item = self._pick()
            text = f"Vad beslutade {r.choice(FAKE_BODIES).lower()} om {item.topic}?"
            tag = "no-body"
        return self._make(text, "obesvarbar", {}, today, doc, constrained=True, tags=[tag])

    def _make(
        self,
        text: str,
        intent: str,
        grades: dict[str, int],
        today: date,
        doc: _Doc,
        *,
        constrained: bool | None = None,
        tags: list[str] | None = None,
    ) -> GenQuestion:
        text = re.sub(r"\s+", " ", text).replace(" ?", "?").replace(" :", ":").strip()
        text, noise = _noisy(text, self.rng, self.glossary)
        text = text[:1].upper() + text[1:] if self.rng.random() < 0.7 else text
        return GenQuestion(
            text,
            intent,
            grades,
            today,
            doc.doc_id,
            constrained if constrained is not None else len(grades) <= 3,
            (tags or []) + noise,
        )

    def questions(self, count: int) -> Iterator[GenQuestion]:
        """`count` questions in a fixed mix of intents (about one in six unanswerable)."""
        mix = (
            (self.decision, 0.24),
            (self.responsibility, 0.12),
            (self.when, 0.07),
            (self.amount, 0.06),
            (self.general, 0.16),
            (self.attendance, 0.07),
            (self.latest, 0.1),
            (self.unanswerable, 0.18),
        )
        makers, weights = zip(*mix)
        seen: set[str] = set()
        while len(seen) < count:
            made = self.rng.choices(makers, weights)[0]()
            if made.question.lower() not in seen:
                seen.add(made.question.lower())
                yield made
