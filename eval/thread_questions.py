"""Timeline, latest and period questions about the topic threads of a synthetic corpus, with gold
from its manifest (eval/synth_corpus.py writes the threads and records them on their items).

    .venv/bin/python eval/thread_questions.py CORPUS_DIR [--seed 1] [--today 2027-01-01] [--out FILE.jsonl]

Each question is a dict {"id", "question", "type", "gold", "also", "today", "answer"}:

- "timeline": "Vad har hänt med <matter>?", "Vad har <body> gjort med <matter> sedan våren 2024?" …
  Gold: the thread's items (from the named period on, if any), oldest first; "also": the
  items before the period, newest first.
- "latest": "Vad beslutades senast om <matter>?" … Gold: the newest item; "also": the
  earlier ones, newest first.
- "period": "Vad sa <body> om <matter> i mars 2024?", "Vad hände med <matter> våren 2025?",
  "… på mötet den 12 mars 2024", "… i höstas". Gold: the thread's steps in that period (of the
  named body, if one is named), oldest first; "also": the thread's other items, oldest first.
- "no_protocol": like "period", but naming a month in which the body (every body of the
  thread, when none is named) held no meeting at all, or a period before the thread started.
  Gold: []; "also": the thread's items, oldest first.

Item ids are "<document stem>--<item number>". "answer" is a key phrase of the gold item (the
newest, for a timeline) as its decision words it ("på remiss", "bordläggs", "anta", …); empty
for no_protocol. `today` is the day after the newest document unless given; relative periods
follow Swedish usage: våren is March–May, hösten September–November, "i våras" is the last
spring that has ended (this year's from June on), "i höstas" the last autumn that has ended
(this year's in December), "förra året" the previous calendar year.

Use from Python: `thread_questions(manifest, seed, today=None) -> list[dict]`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth_corpus  # noqa: E402

MONTHS = synth_corpus.MONTH_NAMES
SPRING = (3, 5)  # våren: mars–maj
AUTUMN = (9, 11)  # hösten: september–november


@dataclass(frozen=True)
class Step:
    id: str
    day: date
    body: str
    stage: str
    decision: str | None


@dataclass(frozen=True)
class Thread:
    matter: str
    steps: tuple[Step, ...]  # oldest first

    @property
    def bodies(self) -> set[str]:
        return {s.body for s in self.steps}


def item_id(document: synth_corpus.DocumentRecord, item: synth_corpus.ItemRecord) -> str:
    return f"{Path(document.path).stem}--{item.number}"


def threads(manifest: synth_corpus.Manifest) -> list[Thread]:
    """The manifest's threads, each with its steps in date order; ordered by first step, then matter."""
    found: dict[str, list[Step]] = defaultdict(list)
    for document in manifest.documents:
        for item in document.items:
            if item.thread:
                found[item.thread].append(
                    Step(
                        item_id(document, item),
                        date.fromisoformat(document.date),
                        document.body,
                        item.stage or "",
                        item.decision,
                    )
                )
    out = [Thread(matter, tuple(sorted(steps, key=lambda s: (s.day, s.id)))) for matter, steps in found.items()]
    return sorted(out, key=lambda t: (t.steps[0].day, t.matter))


def meeting_days(manifest: synth_corpus.Manifest) -> dict[str, set[date]]:
    """Every body's meeting days, from all its protocols in the manifest."""
    days: dict[str, set[date]] = defaultdict(set)
    for document in manifest.documents:
        if document.kind == "protocol":
            days[document.body].add(date.fromisoformat(document.date))
    return days


# --- words ---------------------------------------------------------------------------------


def body_forms(name: str) -> list[str]:
    """How staff name a body in a question: its name, lower case, short forms, with the town."""
    body = next((b for b in synth_corpus.BODIES if b.name == name), None)
    forms = [name]
    if name.startswith(("Socialnämnden, ", "Socialnämndens arbetsutskott, ")):
        head, place = name.split(", ", 1)
        town = body.municipality if body and body.municipality else place.replace(" kommun", "")
        if head == "Socialnämnden":
            forms += [f"socialnämnden i {town}", f"{place}s socialnämnd"]
        else:
            forms += [f"socialnämndens arbetsutskott i {town}", f"arbetsutskottet i {town}"]
        return forms
    lower = name[:1].lower() + name[1:]
    words = name.split(",")[0].split()
    if any(w.endswith(("en", "et")) for w in (words[0], words[-1])):  # definite: "länssamverkansgruppen"
        forms.append(lower)
    if name.startswith("Beredning "):
        forms.append(f"beredningen för {name.split(' ', 1)[1]}")
    elif name == "Samråd hälsa, vård och omsorg":
        forms.append("samrådet för hälsa, vård och omsorg")
    elif name == "Samverkansgrupp psykisk hälsa":
        forms.append("samverkansgruppen för psykisk hälsa")
    elif name in ("Individ- och familjenämnden", "Äldrenämnden", "Vård- och omsorgsnämnden", "Omsorgsnämnden"):
        town = body.municipality if body and body.municipality else ""
        forms += [f"{lower} i {town}", f"{synth_corpus._genitive(town)} kommuns {lower[:-2]}"]
    if body and body.short in ("LSG", "SHVO", "BBU", "BVÄ", "HSN", "VON", "IFN"):
        forms.append(body.short)
    return forms


def _long(day: date) -> str:
    return f"den {day.day} {MONTHS[day.month - 1]} {day.year}"


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _season(day: date) -> str | None:
    if SPRING[0] <= day.month <= SPRING[1]:
        return "våren"
    if AUTUMN[0] <= day.month <= AUTUMN[1]:
        return "hösten"
    return None


def _season_bounds(season: str, year: int) -> tuple[date, date]:
    first, last = SPRING if season == "våren" else AUTUMN
    return date(year, first, 1), _month_end(date(year, last, 1))


def last_spring(today: date) -> int | None:
    """The year "i våras" means on `today`: this year's spring once it is over, else last year's
    (None while it is spring: people then say "i vår")."""
    if today.month > SPRING[1]:
        return today.year
    return today.year - 1 if today.month < SPRING[0] else None


def last_autumn(today: date) -> int | None:
    """The year "i höstas" means on `today` (None while it is autumn)."""
    if today.month > AUTUMN[1]:
        return today.year
    return today.year - 1 if today.month < AUTUMN[0] else None


Period = tuple[str, date, date]  # as a question words it, first and last day


def periods_holding(day: date, today: date) -> list[Period]:
    """Ways to name a period that holds `day`, relative ones from `today`."""
    month = f"{MONTHS[day.month - 1]} {day.year}"
    out: list[Period] = [
        (f"i {month}", day.replace(day=1), _month_end(day)),
        (f"på mötet {_long(day)}", day, day),
        (f"vid sammanträdet {_long(day)}", day, day),
        (f"under {day.year}", date(day.year, 1, 1), date(day.year, 12, 31)),
    ]
    if season := _season(day):
        out.append((f"{season} {day.year}", *_season_bounds(season, day.year)))
    out += relative_periods_holding(day, today)
    return out


def relative_periods_holding(day: date, today: date) -> list[Period]:
    out: list[Period] = []
    if _season(day) == "våren" and last_spring(today) == day.year:
        out.append(("i våras", *_season_bounds("våren", day.year)))
    if _season(day) == "hösten" and last_autumn(today) == day.year:
        out.append(("i höstas", *_season_bounds("hösten", day.year)))
    if day.year == today.year - 1:
        out.append(("förra året", date(day.year, 1, 1), date(day.year, 12, 31)))
    return out


def starts_between(before: date, after: date, today: date) -> list[tuple[str, date, bool]]:
    """Ways to say "since …" whose start falls after `before` and no later than `after`:
    (words, first day, relative)."""
    out: list[tuple[str, date, bool]] = []
    for year in range(before.year, after.year + 1):
        for season in ("våren", "hösten"):
            start = _season_bounds(season, year)[0]
            if before < start <= after:
                out.append((f"{season} {year}", start, False))
                if season == "våren" and last_spring(today) == year:
                    out.append(("i våras", start, True))
                if season == "hösten" and last_autumn(today) == year:
                    out.append(("i höstas", start, True))
        start = date(year, 1, 1)
        if before < start <= after:
            out.append((f"början av {year}", start, False))
            if year == today.year - 1:
                out.append(("början av förra året", start, True))
    start = after.replace(day=1)
    if before < start:
        out.append((f"{MONTHS[after.month - 1]} {after.year}", start, False))
    out.append((f"mötet {_long(before)}", before + timedelta(days=1), False))
    return [(text, start, relative) for text, start, relative in out if start <= today]


def key_phrase(step: Step) -> str:
    """The words of a step's decision that say what was done ("på remiss", "bordläggs", "anta" …)."""
    decision = step.decision or ""
    if step.stage == "beslut":
        if m := re.search(r"\batt (anta|godkänna|ställa sig bakom|fastställa)\b", decision):
            return m.group(1)
    phrase = {
        "information": "informationen",
        "remiss": "på remiss",
        "bordläggning": "bordläggs",
        "återremiss": "återremitteras",
        "överlämnande": "överlämna",
        "uppföljning": "uppföljningen",
        "återrapportering": "återrapporten",
    }.get(step.stage, step.stage)
    return phrase if phrase.lower() in decision.lower() else step.stage


# --- questions -------------------------------------------------------------------------------

TIMELINE = (
    "Vad har hänt med {m}?",
    "Hur har {m} hanterats?",
    "Hur har ärendet om {m} behandlats?",
    "Ge en tidslinje för {m}.",
    "Vilka steg har tagits i ärendet om {m}?",
    "Beskriv hur {m} har behandlats över tid.",
)
TIMELINE_BODY = (
    "Vad har {b} gjort med {m}?",
    "Hur har {b} hanterat {m}?",
    "Vad har {b} beslutat om {m} hittills?",
)
TIMELINE_SINCE = (
    "Vad har hänt med {m} sedan {p}?",
    "Hur har {m} hanterats sedan {p}?",
    "Vad har hänt i ärendet om {m} sedan {p}?",
)
TIMELINE_SINCE_BODY = (
    "Vad har {b} gjort med {m} sedan {p}?",
    "Hur har {b} hanterat {m} sedan {p}?",
)
LATEST = (
    "Vad beslutades senast om {m}?",
    "Vad är det senaste om {m}?",
    "Vad gäller nu för {m}?",
    "Var står ärendet om {m} i dag?",
    "Hur långt har {m} kommit?",
    "Vilket är det senaste beslutet om {m}?",
)
PERIOD = (
    "Vad hände med {m} {p}?",
    "Hur hanterades {m} {p}?",
    "Vad togs upp om {m} {p}?",
)
PERIOD_BODY = (
    "Vad sa {b} om {m} {p}?",
    "Hur behandlade {b} {m} {p}?",
    "Vad gjorde {b} med {m} {p}?",
)
PERIOD_DECIDED = ("Vad beslutades om {m} {p}?", "Vad beslutade {b} om {m} {p}?")


class _Maker:
    def __init__(self, manifest: synth_corpus.Manifest, seed: int, today: date) -> None:
        self.seed = seed
        self.today = today
        self.meetings = meeting_days(manifest)
        self.out: list[dict] = []

    def add(self, kind: str, question: str, gold: list[Step], also: list[Step], answer: str) -> None:
        self.out.append(
            {
                "id": f"thread-{self.seed}-{len(self.out) + 1:04d}",
                "question": question,
                "type": kind,
                "gold": [s.id for s in gold],
                "also": [s.id for s in also],
                "today": self.today.isoformat(),
                "answer": answer,
            }
        )

    def thread(self, thread: Thread) -> None:
        steps = [s for s in thread.steps if s.day < self.today]
        if not steps:
            return
        rng = random.Random(f"{self.seed}-{thread.matter}")
        m = thread.matter
        single = len(thread.bodies) == 1
        body = steps[0].body
        if len(steps) >= 2:
            # The whole thread.
            templates = TIMELINE + (TIMELINE_BODY if single else ())
            template = rng.choice(templates)
            self.add(
                "timeline",
                template.format(m=m, b=rng.choice(body_forms(body))),
                steps,
                [],
                key_phrase(steps[-1]),
            )
            # Since a period: the steps from a cut on.
            cuts = []
            for j in range(1, len(steps)):
                cuts += [
                    (j, text, relative)
                    for text, _, relative in starts_between(steps[j - 1].day, steps[j].day, self.today)
                ]
            if cuts:
                relative = [c for c in cuts if c[2]]
                j, text, _ = rng.choice(relative) if relative and rng.random() < 0.7 else rng.choice(cuts)
                template = rng.choice(TIMELINE_SINCE + (TIMELINE_SINCE_BODY if single else ()))
                self.add(
                    "timeline",
                    template.format(m=m, b=rng.choice(body_forms(body)), p=text),
                    steps[j:],
                    steps[:j][::-1],
                    key_phrase(steps[-1]),
                )
        # The latest.
        self.add("latest", rng.choice(LATEST).format(m=m), [steps[-1]], steps[:-1][::-1], key_phrase(steps[-1]))
        # A period holding one or two of its steps.
        for step in rng.sample(steps, min(2, len(steps))):
            self.period(rng, thread, steps, step)
        self.no_protocol(rng, thread, steps)

    def period(self, rng: random.Random, thread: Thread, steps: list[Step], step: Step) -> None:
        options = periods_holding(step.day, self.today)
        relative = relative_periods_holding(step.day, self.today)
        text, first, last = rng.choice(relative) if relative and rng.random() < 0.6 else rng.choice(options)
        named = rng.random() < 0.5
        templates: tuple[str, ...] = PERIOD_BODY if named else PERIOD
        if step.stage not in ("information", "uppföljning", "återrapportering") and rng.random() < 0.3:
            templates = PERIOD_DECIDED[1:] if named else PERIOD_DECIDED[:1]
        gold = [s for s in steps if first <= s.day <= last and (not named or s.body == step.body)]
        question = rng.choice(templates).format(m=thread.matter, b=rng.choice(body_forms(step.body)), p=text)
        self.add("period", question, gold, [s for s in steps if s not in gold], key_phrase(gold[0]))

    def no_protocol(self, rng: random.Random, thread: Thread, steps: list[Step]) -> None:
        """A month in which the body held no meeting, or a period before the thread started."""
        body = rng.choice(sorted({s.body for s in steps}))
        named = rng.random() < 0.5
        quiet = {s.body for s in steps} if not named else {body}

        def no_meeting(month: date) -> bool:
            return not any(d.replace(day=1) == month for b in quiet for d in self.meetings.get(b, ()))

        # Months during the thread (or in the year before it) without a meeting.
        months: list[date] = []
        month = (steps[0].day - timedelta(days=365)).replace(day=1)
        while month <= steps[-1].day and month < self.today.replace(day=1):
            if no_meeting(month):
                months.append(month)
            month = _month_end(month) + timedelta(days=1)
        during = [mo for mo in months if steps[0].day < mo <= steps[-1].day]
        # Periods before the first step, preferably ones in which the body met.
        before: list[Period] = []
        for day in sorted(d for d in self.meetings.get(body, ()) if d < steps[0].day):
            before += [p for p in periods_holding(day, self.today) if p[2] < steps[0].day]
        if not before and steps[0].day.year > synth_corpus.FIRST_DAY.year:
            year = steps[0].day.year - 1
            before.append((f"under {year}", date(year, 1, 1), date(year, 12, 31)))
        choice: Period | None = None
        if (during or months) and (not before or rng.random() < 0.5):
            month = rng.choice(during or months)
            choice = (f"i {MONTHS[month.month - 1]} {month.year}", month, _month_end(month))
        elif before:
            choice = rng.choice(before)
            # A body that met, asked about a matter it had not yet taken up; a meeting only with its body.
            named = named or rng.random() < 0.5 or choice[1] == choice[2]
        if choice is None:
            return
        text, first, last = choice
        gold = [s for s in steps if first <= s.day <= last and (not named or s.body == body)]
        assert not gold, (thread.matter, text)
        templates: tuple[str, ...] = PERIOD_BODY if named else PERIOD
        question = rng.choice(templates).format(m=thread.matter, b=rng.choice(body_forms(body)), p=text)
        self.add("no_protocol", question, [], steps, "")


def thread_questions(manifest: synth_corpus.Manifest, seed: int = 1, today: date | str | None = None) -> list[dict]:
    """Questions about the manifest's threads (see the module's docstring), the same for a seed."""
    if isinstance(today, str):
        today = date.fromisoformat(today)
    if today is None:
        today = max(date.fromisoformat(d.date) for d in manifest.documents) + timedelta(days=1)
    maker = _Maker(manifest, seed, today)
    for thread in threads(manifest):
        maker.thread(thread)
    return maker.out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the corpus folder (or its manifest.json)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: after the newest document)"
    )
    parser.add_argument("--out", type=Path, help="write the questions here, one JSON object per line")
    parser.add_argument("--show", type=int, default=3, help="questions of each type to print")
    args = parser.parse_args(argv)
    path = args.corpus / synth_corpus.MANIFEST if args.corpus.is_dir() else args.corpus
    manifest = synth_corpus.Manifest.load(path)
    questions = thread_questions(manifest, args.seed, args.today)
    if args.out:
        args.out.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")
    counts = Counter(q["type"] for q in questions)
    for kind in ("timeline", "latest", "period", "no_protocol"):
        for q in [q for q in questions if q["type"] == kind][: args.show]:
            print(f"[{kind}] {q['question']}  gold={q['gold']}  svar={q['answer']!r}")
    print(
        f"{len(threads(manifest))} trådar, {len(questions)} frågor: "
        + ", ".join(f"{kind} {counts[kind]}" for kind in ("timeline", "latest", "period", "no_protocol")),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
