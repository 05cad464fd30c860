"""A synthetic corpus of Swedish protocols and agreements, at any size, seeded and reproducible.

    .venv/bin/python eval/synth_corpus.py OUT_DIR --items 10000 --seed 7

writes protocols (plain text in three layouts, Markdown and Word) from 26 bodies (the
regional collaboration's groups and councils, the region's board and committee, social
services committees of Västerbotten's municipalities) dated 2005–2026, each with 10–25
items holding background, presenters, decisions and assignments, plus a few agreements
with numbered sections, until the corpus holds exactly `--items` citable items. Texts are
built from vocabulary pools, so no two items are copies of each other. The same seed gives
the same bytes.

Next to the documents it writes `manifest.json`: every document's kind, layout, body,
date and chair, and every item's number, title, decision and assignees as the parser
should read them (tests/test_synth_corpus.py checks that it does), with the topic each
item is about, from which benchmarks make questions.

Use from Python: `generate(out_dir, items=1000, seed=1) -> Manifest`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

MANIFEST = "manifest.json"
FIRST_DAY = date(2005, 1, 1)
LAST_DAY = date(2026, 12, 31)

MUNICIPALITIES = [
    "Bjurholm",
    "Dorotea",
    "Lycksele",
    "Malå",
    "Nordmaling",
    "Norsjö",
    "Robertsfors",
    "Skellefteå",
    "Sorsele",
    "Storuman",
    "Umeå",
    "Vilhelmina",
    "Vindeln",
    "Vännäs",
    "Åsele",
]


# "Storumans kommun" but "Umeå kommun": names ending in a vowel take no genitive s.
_KOMMUN = {
    "Bjurholm": "Bjurholms",
    "Nordmaling": "Nordmalings",
    "Robertsfors": "Robertsfors",
    "Storuman": "Storumans",
    "Vindeln": "Vindelns",
    "Vännäs": "Vännäs",
}


def _genitive(name: str) -> str:
    """The municipality's name before "kommun"."""
    return _KOMMUN.get(name, name)


@dataclass(frozen=True)
class Body:
    name: str  # as the parser reads it
    short: str  # "VON" in "VON § 34"; also the subject of decisions
    layouts: tuple[str, ...]
    municipality: str | None = None  # for municipal bodies
    subject: str = ""  # who decides: "Nämnden", "Länssamverkansgruppen"


_REGIONAL_LAYOUTS = ("lsg", "numbered", "markdown", "docx")
_MUNICIPAL_LAYOUTS = ("paragraph", "columns", "markdown", "docx")


def _bodies() -> list[Body]:
    bodies = [
        Body("Länssamverkansgruppen", "LSG", _REGIONAL_LAYOUTS, subject="Länssamverkansgruppen"),
        Body("Samråd hälsa, vård och omsorg", "SHVO", _REGIONAL_LAYOUTS, subject="Samrådet"),
        Body("Beredning barn och unga", "BBU", _REGIONAL_LAYOUTS, subject="Beredningen"),
        Body("Beredning vuxna och äldre", "BVÄ", _REGIONAL_LAYOUTS, subject="Beredningen"),
        Body("Patientsäkerhetsrådet", "PSR", _REGIONAL_LAYOUTS, subject="Patientsäkerhetsrådet"),
        Body("Hjälpmedelsrådet", "HMR", _REGIONAL_LAYOUTS, subject="Hjälpmedelsrådet"),
        Body("Samverkansgrupp psykisk hälsa", "SPH", _REGIONAL_LAYOUTS, subject="Samverkansgruppen"),
        Body("Styrgruppen för nära vård", "SNV", _REGIONAL_LAYOUTS, subject="Styrgruppen"),
        Body("Regionstyrelsen", "RS", ("paragraph", "columns", "markdown", "municipal"), "Umeå", "Regionstyrelsen"),
        Body(
            "Hälso- och sjukvårdsnämnden",
            "HSN",
            ("paragraph", "columns", "markdown", "municipal"),
            "Umeå",
            "Hälso- och sjukvårdsnämnden",
        ),
        Body("Individ- och familjenämnden", "IFN", ("columns", "municipal", "docx"), "Umeå", "Nämnden"),
        Body("Äldrenämnden", "ÄN", ("columns", "municipal", "docx"), "Umeå", "Nämnden"),
        Body("Vård- och omsorgsnämnden", "VON", ("columns", "municipal"), "Vilhelmina", "Nämnden"),
        Body("Omsorgsnämnden", "ON", ("columns", "municipal"), "Lycksele", "Nämnden"),
    ]
    for town in ("Skellefteå", "Storuman", "Sorsele", "Dorotea", "Åsele", "Malå", "Norsjö", "Vindeln"):
        bodies.append(Body(f"Socialnämnden, {_genitive(town)} kommun", "SN", _MUNICIPAL_LAYOUTS, town, "Socialnämnden"))
    for town in ("Vännäs", "Bjurholm", "Nordmaling", "Robertsfors"):
        bodies.append(
            Body(
                f"Socialnämndens arbetsutskott, {_genitive(town)} kommun",
                "SNAU",
                _MUNICIPAL_LAYOUTS,
                town,
                "Arbetsutskottet",
            )
        )
    return bodies


BODIES = _bodies()

FIRST_NAMES = (
    "Anna Per Kerstin Ahmed Lena Olof Maria Johan Eva Ida Pernilla Isabell Gaby Ann Jhonas Hanna Sara Helena Jim "
    "Jenny Ulrica Yvonne Camilla Carolina Fredrick Monica Karin Erika Emil Sonja Britta Cecilia Lars Åsa Dagmar "
    "Ewa Sofia Gunnel Rolf Siv Stina Katarina Anders Bertil Carina David Elin Fredrik Gun Dan Mikael Nils Ingrid "
    "Margareta Leif Tomas Linnea Agnes Hugo Oskar Astrid Elsa Maja Viktor Axel Hassan Leila Amir Fatima Mohammed"
).split()
LAST_NAMES = (
    "Berg Nilsson Lund Yusuf Ek Stenberg Håkansson Lindqvist Sjöberg Lestander Henriksson Zemrén Bisping Björklund "
    "Matsson Johansson Steen Lindberg Örnberg Westerlund Norlander Andersson Sundén Lundberg Berglund Wahlström "
    "Bogseth Åberg Holmberg Forsberg Fryxell Sundqvist Edström Hortlund From Nordlund Ögren Schröder Hemmingsson "
    "Åkesson Nyström Pettersson Holm Lundin Ahl Björk Sandberg Fält Fors Grön Hägg Isaksson Jakobsson Gustafsson "
    "Hedlund Öberg Marklund Lindström Burman Enqvist Nordin Rönnlund Granström Wikström Lundqvist Stenlund Olofsson"
).split()
PARTIES = ("S", "M", "C", "V", "KD", "L", "SD", "MP")
OFFICIAL_ROLES = (
    "socialchef",
    "förvaltningschef",
    "verksamhetschef äldreomsorg",
    "medicinskt ansvarig sjuksköterska",
    "utvecklingsledare",
    "strateg",
    "regional samverkanskoordinator",
    "enhetschef",
    "ekonom",
    "verksamhetsutvecklare",
    "MAS",
    "folkhälsostrateg",
)

TOPICS = (
    "samordnad individuell plan",
    "hemsjukvården",
    "utskrivning från sluten hälso- och sjukvård",
    "psykisk hälsa bland barn och unga",
    "suicidprevention",
    "beroendevården",
    "samsjuklighetsreformen",
    "hjälpmedelsförsörjningen",
    "läkemedelsgenomgångar",
    "nutrition i hemsjukvården",
    "palliativ vård",
    "demensvården",
    "våld i nära relationer",
    "digitala vårdbesök",
    "välfärdsteknik",
    "trygghetslarm",
    "familjecentraler",
    "elevhälsan",
    "barnhälsovården",
    "personlig assistans",
    "bostäder med särskild service",
    "kompetensförsörjningen",
    "undersköterskornas arbetsmiljö",
    "nära vård",
    "primärvårdens uppdrag",
    "ungdomsmottagningarna",
    "tobaksprevention",
    "fallprevention",
    "vårdhygien",
    "avvikelsehantering",
    "patientsäkerhetsarbetet",
    "krisberedskap",
    "beredskapslager",
    "informationsöverföring mellan journalsystem",
    "spelberoende",
    "hedersrelaterat våld",
    "barnrättsperspektivet",
    "kostnadsfördelningen mellan huvudmännen",
    "betalningsansvaret",
    "hemtjänst i ordinärt boende",
    "korttidsboende",
    "särskilt boende för äldre",
    "anhörigstöd",
    "rehabilitering i hemmet",
    "munhälsa för äldre",
    "smittskydd",
    "mödrahälsovården",
    "barn som anhöriga",
    "förebyggande hembesök",
    "heltid som norm",
    "ensamkommande barn",
    "försörjningsstöd",
    "feriearbeten för unga",
    "öppenvårdsinsatser för vuxna",
    "placeringar av barn och unga",
    "familjehemsvården",
    "mobila team",
    "läkarmedverkan i kommunal hälso- och sjukvård",
    "gemensam plan för hälsa, vård och omsorg",
    "sjukresor",
)
TITLE_FORMS = (
    "{Topic}",
    "Uppföljning av {topic}",
    "Handlingsplan för {topic}",
    "Riktlinje för {topic}",
    "Information om {topic}",
    "Rutin för {topic}",
    "Lägesrapport om {topic}",
    "Utvecklingsmedel för {topic}",
    "Remissvar om {topic}",
    "Kartläggning av {topic}",
)
STANDING_ITEMS = (
    ("Mötet öppnas", "Ordföranden förklarade mötet öppnat.", None),
    ("Val av justerare", "", "justerare"),
    ("Godkännande av dagordning", "", "dagordning"),
    ("Föregående protokoll", "", "protokoll"),
)
CLOSING_ITEMS = (
    ("Övriga frågor", "Inga övriga frågor anmäldes.", None),
    ("Mötet avslutas", "Ordföranden tackade för visat intresse och avslutade mötet.", None),
)

ASPECTS = (
    "läget",
    "arbetet",
    "resultaten",
    "erfarenheterna",
    "utmaningarna",
    "den ekonomiska uppföljningen",
    "den senaste mätningen",
    "planeringen inför nästa år",
    "behoven",
    "samverkan",
)
GROUPS = (
    "patienter",
    "brukare",
    "barn och unga",
    "äldre personer",
    "anhöriga",
    "medarbetare",
    "vårdnadshavare",
    "personer med funktionsnedsättning",
    "elever",
    "invånare",
)
OUTCOMES = (
    "fått en samordnad plan",
    "skrivits ut inom tre dagar",
    "haft en fast vårdkontakt",
    "erbjudits uppföljning",
    "varit nöjda med insatserna",
    "fått besök inom en vecka",
    "deltagit i utbildningen",
    "haft en aktuell läkemedelslista",
)
DOCUMENTS = (
    "en handlingsplan",
    "ett förslag till rutin",
    "en gemensam riktlinje",
    "en kartläggning",
    "en lägesrapport",
    "ett utbildningsmaterial",
    "en uppföljningsmodell",
    "ett förslag till mål och mått",
)
ORGS = (
    "Region Västerbotten",
    "länets kommuner",
    "primärvården",
    "Norrlands universitetssjukhus",
    "FoU Socialtjänst",
    "elevhälsan",
    "civilsamhällets organisationer",
    "Region Västerbottens psykiatri",
    "kommunernas hemtjänst",
    "Försäkringskassan",
    "polisen",
    "Arbetsförmedlingen",
)
VERBS_BESLUT = (
    ("anta", "handlingsplanen för {topic}"),
    ("godkänna", "rapporten om {topic}"),
    ("fastställa", "riktlinjen för {topic}"),
    ("avsätta {amount} kronor till", "arbetet med {topic}"),
    ("ställa sig bakom", "förslaget om {topic}"),
    ("anta", "rutinen för {topic} att gälla från och med {when}"),
    ("förlänga", "projektet om {topic} till och med {when}"),
    ("godkänna", "remissvaret om {topic}"),
)
ASSIGNEES = (
    "Förvaltningen",
    "Socialchefen",
    "Processledarna",
    "Beredningen",
    "Arbetsgruppen",
    "Verksamhetschefen för äldreomsorgen",
    "Medicinskt ansvarig sjuksköterska",
    "Regional samverkanskoordinator",
    "Hjälpmedelsrådet",
    "Patientsäkerhetsrådet",
    "Folkhälsostrategen",
    "Utvecklingsledaren",
)
TASKS = (
    "ta fram ett förslag till gemensam rutin för {topic}",
    "följa upp {topic} och redovisa resultatet",
    "genomföra en kartläggning av {topic}",
    "sammanställa erfarenheterna av {topic}",
    "informera berörd personal om {topic}",
    "inhämta synpunkter från kommunerna om {topic}",
    "utreda kostnaderna för {topic}",
    "samordna arbetet med {topic} i länet",
)
PLACES = (
    "Teams",
    "Kommunhuset, sammanträdesrum Gammplatsen",
    "Regionens hus, sammanträdesrum Vindeln",
    "Socialförvaltningen, sammanträdesrum Tjärnen",
    "Folkets hus",
    "Stadshuset, sal Norrland",
    "Hotell Lappland",
    "Skype",
)
WEEKDAYS = ("Måndagen", "Tisdagen", "Onsdagen", "Torsdagen", "Fredagen", "Lördagen", "Söndagen")
MONTH_NAMES = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)

AGREEMENT_KINDS = (
    ("Länsgemensam överenskommelse om {topic}", "Överenskommelsen"),
    ("Länsgemensam riktlinje för {topic}", "Riktlinjen"),
    ("Regional rutin för {topic}", "Rutinen"),
    ("Vägledning för {topic}", "Vägledningen"),
)
AGREEMENT_OUTLINE = (
    ("Inledning", ()),
    ("Syfte och mål", ("Syfte", "Mål")),
    ("Målgrupp", ()),
    ("Ansvarsfördelning", ("Regionens ansvar", "Kommunens ansvar", "Gemensamt ansvar")),
    ("Samordnad planering", ("Planering inför utskrivning", "Samordnad individuell plan")),
    ("Informationsöverföring", ()),
    ("Betalningsansvar", ()),
    ("Uppföljning", ("Mål och mått", "Avvikelser")),
    ("Tvister", ()),
    ("Giltighetstid", ()),
    ("Kompetens och utbildning", ()),
    ("Samverkansstruktur", ("Lokal samverkan", "Regional samverkan")),
)


@dataclass
class ItemRecord:
    number: str
    title: str
    decision: str | None
    assignees: list[str] = field(default_factory=list)
    topic: str | None = None


@dataclass
class DocumentRecord:
    path: str  # relative to the corpus folder
    kind: str  # protocol | agreement
    layout: str
    format: str
    body: str
    date: str
    title: str
    chair: str | None
    adjusters: list[str]
    secretary: str | None
    items: list[ItemRecord]


@dataclass
class Manifest:
    seed: int
    items: int
    documents: list[DocumentRecord]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        raw = json.loads(path.read_text(encoding="utf-8"))
        documents = [DocumentRecord(**{**d, "items": [ItemRecord(**i) for i in d["items"]]}) for d in raw["documents"]]
        return cls(raw["seed"], raw["items"], documents)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Writer:
    """Builds one document's text from the seeded random source."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    # --- words -------------------------------------------------------------------------

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def people(self, n: int) -> list[str]:
        seen: dict[str, None] = {}
        while len(seen) < n:
            seen.setdefault(self.person(), None)
        return list(seen)

    def when(self, year: int) -> str:
        if self.rng.random() < 0.5:
            return date(year + self.rng.choice((0, 1)), self.rng.randint(1, 12), self.rng.randint(1, 28)).isoformat()
        return f"{self.rng.choice(('våren', 'hösten'))} {year + self.rng.choice((0, 1))}"

    def amount(self) -> str:
        return f"{self.rng.randint(1, 95) * 50_000:,}".replace(",", " ")

    def fill(self, template: str, topic: str, year: int) -> str:
        return template.format(
            topic=topic,
            Topic=_cap(topic),
            amount=self.amount(),
            when=self.when(year),
            year=year,
        )

    # --- sentences -----------------------------------------------------------------------

    def background(self, topic: str, year: int, presenter: str | None) -> list[str]:
        r = self.rng
        pool = [
            lambda: f"{presenter or self.person()} redogjorde för {r.choice(ASPECTS)} inom {topic}.",
            lambda: (
                f"Under {year - 1} har antalet ärenden som rör {topic} ökat från {r.randint(20, 400)} "
                f"till {r.randint(401, 900)}."
            ),
            lambda: "Arbetet bedrivs i samverkan mellan {} och {}.".format(*r.sample(ORGS, 2)),
            lambda: (
                f"En arbetsgrupp med representanter från {r.randint(3, 15)} kommuner har tagit fram "
                f"{r.choice(DOCUMENTS)} om {topic}."
            ),
            lambda: (
                f"Uppföljningen visar att {r.randint(30, 98)} procent av {r.choice(GROUPS)} har {r.choice(OUTCOMES)}."
            ),
            lambda: f"Kostnaden för {topic} beräknas till {self.amount()} kronor per år.",
            lambda: f"{_cap(r.choice(ORGS))} har framfört att {topic} behöver prioriteras i {{}} och {{}}.".format(
                *r.sample(MUNICIPALITIES, 2)
            ),
            lambda: (
                f"Diskussionen handlade om hur {r.choice(GROUPS)} kan få bättre stöd och hur "
                f"{r.choice(ASPECTS)} kan följas upp."
            ),
            lambda: (
                f"Nationella riktlinjer för {topic} väntas under {year + 1}, vilket påverkar den regionala planeringen."
            ),
            lambda: (
                f"Enligt {r.choice(('Socialstyrelsen', 'SKR', 'IVO', 'Folkhälsomyndigheten'))} behöver "
                f"{r.choice(GROUPS)} i glesbygd särskild uppmärksamhet."
            ),
            lambda: (
                f"Det finns skillnader mellan kommunerna i hur arbetet med {topic} är organiserat, särskilt i "
                f"{r.choice(MUNICIPALITIES)}."
            ),
            lambda: f"En enkät till {r.randint(40, 700)} {r.choice(GROUPS)} besvarades av {r.randint(20, 80)} procent.",
        ]
        picks = r.sample(range(len(pool)), r.randint(2, 5))
        return [pool[i]() for i in picks]

    def assignment(self, topic: str, year: int) -> tuple[str, str]:
        """An assignment sentence and its assignee as the parser names it."""
        r = self.rng
        who = r.choice(ASSIGNEES)
        task = self.fill(r.choice(TASKS), topic, year)
        deadline = self.when(year)
        form = r.randrange(3)
        if form == 0:
            return f"{who} får i uppdrag att {task} senast {deadline}.", who
        if form == 1:
            return f"{who} uppdras att {task} och återrapportera senast {deadline}.", who
        return f"{who} ansvarar för att {task}.", who


@dataclass
class _Item:
    number: int
    title: str
    paragraphs: list[str]  # the body as written, one paragraph per entry
    decision_block: list[str]  # the decision's paragraphs (after a "Beslut" heading or a formula)
    decision_heading: bool
    after: list[str]  # paragraphs after the decision (a stop heading and what follows)
    presenter: str | None
    assignees: list[str]
    topic: str | None


def _protocol_items(w: _Writer, body: Body, year: int, first: int, count: int, adjuster: str) -> list[_Item]:
    r = w.rng
    items: list[_Item] = []
    standing = []
    if count >= 8:
        standing = [s for s in STANDING_ITEMS if r.random() < 0.7]
    closing = [c for c in CLOSING_ITEMS if r.random() < 0.5] if count >= 8 else []
    n_topics = count - len(standing) - len(closing)
    topics = r.sample(TOPICS, n_topics) if n_topics <= len(TOPICS) else [r.choice(TOPICS) for _ in range(n_topics)]
    number = first
    subject = body.subject
    for title, text, kind in standing:
        if kind == "justerare":
            decision = f"{adjuster} utses att jämte ordföranden justera protokollet."
        elif kind == "dagordning":
            decision = f"{subject} godkänner dagordningen."
        elif kind == "protokoll":
            decision = "Föregående protokoll läggs till handlingarna."
        else:
            decision = None
        paragraphs = [text] if text else []
        block = [decision] if decision else []
        items.append(_Item(number, title, paragraphs, block, r.random() < 0.5 and bool(block), [], None, [], None))
        number += 1
    for topic in topics:
        title = w.fill(r.choice(TITLE_FORMS), topic, year)
        presenter = w.person() if r.random() < 0.6 else None
        paragraphs = [f"Föredragande: {presenter}"] if presenter and r.random() < 0.5 else []
        paragraphs += w.background(topic, year, presenter)
        assignees: list[str] = []
        if title.startswith("Information") or r.random() < 0.25:
            block = [r.choice(("Informationen är delgiven.", "Informationen läggs till handlingarna."))]
            if r.random() < 0.3:
                sentence, who = w.assignment(topic, year)
                paragraphs.append(sentence)
                assignees.append(who)
        else:
            verb, obj = r.choice(VERBS_BESLUT)
            verb, obj = w.fill(verb, topic, year), w.fill(obj, topic, year)
            if r.random() < 0.5:
                block = [f"{subject} beslutar att {verb} {obj}."]
            else:
                sentence, who = w.assignment(topic, year)
                task = sentence.split(" att ", 1)[1].rstrip(".") if " att " in sentence else "följa upp ärendet"
                block = [
                    f"{subject} beslutar",
                    f"att {verb} {obj},",
                    f"att uppdra åt {who.lower()} att {task}.",
                ]
                assignees.append(who.lower())
            if r.random() < 0.5:
                sentence, who = w.assignment(topic, year)
                block.append(sentence)
                assignees.append(who)
        after: list[str] = []
        if r.random() < 0.35:
            after = [
                r.choice(("Beslutsunderlag", "Expedieras till")),
                f"{r.choice(('Tjänsteskrivelse', 'Protokollsutdrag', 'Missiv'))} {w.when(year)}",
            ]
        heading = r.random() < 0.6
        items.append(_Item(number, title, paragraphs, block, heading, after, presenter, assignees, topic))
        number += 1
    for title, text, _kind in closing:
        items.append(_Item(number, title, [text], [], False, [], None, [], None))
        number += 1
    return items


def _expected_decision(item: _Item) -> str | None:
    """The decision as the parser gives it: paragraphs one per line, `att` clauses as a list."""
    if not item.decision_block:
        return None
    return "\n".join(f"- {p}" if p.startswith("att ") else p for p in item.decision_block)


def _wrap(text: str, width: int, rng: random.Random) -> list[str]:
    """Break a paragraph into lines at spaces, as a PDF export or a typist would."""
    if len(text) <= width or rng.random() < 0.5:
        return [text]
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def _item_lines(item: _Item, rng: random.Random, *, wrap: bool) -> list[str]:
    """The body of an item: paragraphs separated by blank lines, then the decision."""
    out: list[str] = []

    def paragraph(text: str) -> None:
        out.extend(_wrap(text, 88, rng) if wrap else [text])
        out.append("")

    for p in item.paragraphs:
        paragraph(p)
    if item.decision_block:
        if item.decision_heading:
            out.append("Beslut")
        rest = item.decision_block
        if len(rest) > 1 and rest[1].startswith("att "):  # "X beslutar" and its `att` clauses, unbroken
            listed = [rest[0], *(p for p in rest[1:] if p.startswith("att "))]
            out.extend(listed)
            out.append("")
            rest = rest[len(listed) :]
        for p in rest:
            paragraph(p)
    if item.after:
        out.extend(item.after)
        out.append("")
    return out


# --- layouts --------------------------------------------------------------------------


@dataclass
class _Meeting:
    body: Body
    day: date
    items: list[_Item]
    chair: str
    vice: str
    adjuster: str
    secretary: str
    members: list[str]
    absent: list[str]
    officials: list[tuple[str, str]]
    place: str
    dnr: str


def _swedish_date(day: date, weekday: bool = False) -> str:
    text = f"den {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def _time(rng: random.Random) -> tuple[str, str]:
    start = rng.choice(("08.00", "08.30", "09.00", "13.00", "13.15", "14.00"))
    end = rng.choice(("11.45", "12.00", "15.30", "16.00", "16.30"))
    return start, end


def _member(rng: random.Random, name: str, municipal: bool) -> str:
    if municipal:
        return f"{name} ({rng.choice(PARTIES)})"
    return f"{name}, {rng.choice(('Region Västerbotten', *(f'{m} kommun' for m in MUNICIPALITIES)))}"


def _attendance(m: _Meeting, rng: random.Random, municipal: bool, bullet: str = "") -> list[str]:
    lines = ["Beslutande" if municipal and rng.random() < 0.5 else "Närvarande ledamöter"]
    lines.append(f"{bullet}{_member(rng, m.chair, municipal)}, ordförande")
    lines.append(f"{bullet}{_member(rng, m.vice, municipal)}, vice ordförande")
    lines += [f"{bullet}{_member(rng, name, municipal)}" for name in m.members]
    lines.append("")
    if m.absent:
        lines.append("Frånvarande")
        lines += [f"{bullet}{name}" for name in m.absent]
        lines.append("")
    lines.append("Övriga närvarande")
    lines += [f"{bullet}{name}, {role}" for name, role in m.officials]
    lines.append(f"{bullet}{m.secretary}, protokollförare")
    lines.append("")
    return lines


def _signatures(m: _Meeting) -> list[str]:
    return [
        "Justeras",
        "",
        f"{m.chair}, ordförande",
        f"{m.adjuster}, justerare",
        "",
        "Vid protokollet",
        f"{m.secretary}",
        "",
    ]


def _layout_lsg(m: _Meeting, rng: random.Random) -> list[str]:
    start, end = _time(rng)
    if rng.random() < 0.5:
        when = [f"Datum: {m.day.isoformat()}", f"Tid: kl. {start}–{end}"]
    else:
        when = [f"Datum och tid: {_swedish_date(m.day)} kl. {start} – {end}"]
    lines = [f"Protokoll {m.body.name}", "", f"Dnr: {m.dnr}", "", *when, "", f"Plats: {m.place}", ""]
    lines += _attendance(m, rng, municipal=False)
    lines += [f"Justerare: {m.adjuster}", ""]
    for item in m.items:
        lines += [f"§ {item.number} {item.title}", ""]
        lines += _item_lines(item, rng, wrap=True)
    return lines + _signatures(m)


def _layout_numbered(m: _Meeting, rng: random.Random) -> list[str]:
    lines = [f"Protokoll {m.body.name}", f"Datum: {m.day.isoformat()}", f"Plats: {m.place}", ""]
    lines += _attendance(m, rng, municipal=False)
    lines += [f"Justerare: {m.adjuster}", ""]
    for item in m.items:
        lines += [f"{item.number}. {item.title}", ""]
        lines += _item_lines(item, rng, wrap=False)
    return lines + _signatures(m)


def _layout_paragraph(m: _Meeting, rng: random.Random) -> list[str]:
    start, end = _time(rng)
    lines = [
        f"Protokoll {m.body.name}",
        "",
        f"Sammanträdesdatum: {m.day.isoformat()}",
        f"Plats och tid: {m.place}, kl. {start}–{end}",
        f"Dnr: {m.dnr}",
        "",
    ]
    lines += _attendance(m, rng, municipal=True)
    lines += [f"Justerare: {m.adjuster}", f"Paragrafer: §§ {m.items[0].number}–{m.items[-1].number}", ""]
    for item in m.items:
        lines += [f"§ {item.number} {item.title}", ""]
        lines += _item_lines(item, rng, wrap=True)
    return lines + _signatures(m)


def _layout_columns(m: _Meeting, rng: random.Random) -> list[str]:
    """A municipal protocol laid out in columns, with page headers repeated every few items."""
    start, end = _time(rng)
    town = (m.body.municipality or "Umeå").upper()
    pages = (len(m.items) + 5) // 6 + 1

    def page_header(page: int) -> list[str]:
        return [
            f"{town} KOMMUN{' ' * 35}SAMMANTRÄDESPROTOKOLL {page} ({pages})",
            f"{m.body.name}{' ' * max(4, 40 - len(m.body.name))}Sammanträdesdatum {m.day.isoformat()}",
            "",
        ]

    lines = page_header(1)
    lines += [f"Plats och tid        {m.place}, kl. {start}–{end}", f"Dnr: {m.dnr}", ""]
    lines += _attendance(m, rng, municipal=True)
    lines += [
        f"Justerare            {m.adjuster}",
        f"Paragrafer           §§ {m.items[0].number}–{m.items[-1].number}",
        "",
    ]
    for n, item in enumerate(m.items):
        if n and n % 6 == 0:
            lines += ["Justerandes signatur          Utdragsbestyrkande", *page_header(n // 6 + 1)]
        lines += [f"§ {item.number} {item.title}", ""]
        lines += _item_lines(item, rng, wrap=True)
    return lines + _signatures(m)


def _layout_municipal(m: _Meeting, rng: random.Random) -> list[str]:
    """ "Protokoll fört vid sammanträde med …" and items numbered "VON § 34"."""
    start, end = _time(rng)
    town = m.body.municipality or "Umeå"
    lines = [
        f"Protokoll fört vid sammanträde med {m.body.name[0].lower()}{m.body.name[1:]} i {_genitive(town)} kommun",
        "",
        f"Tid: {_swedish_date(m.day, weekday=True)}, kl. {start}–{end}",
        f"Plats: {m.place}",
        f"Diarienummer: {m.dnr}",
        "",
    ]
    lines += _attendance(m, rng, municipal=True)
    lines += ["Justerare", m.adjuster, ""]
    for item in m.items:
        lines += [f"{m.body.short} § {item.number}  {item.title}", ""]
        lines += _item_lines(item, rng, wrap=True)
    return lines + _signatures(m)


def _layout_markdown(m: _Meeting, rng: random.Random) -> list[str]:
    start, end = _time(rng)
    lines = [
        f"# Protokoll – {m.body.name}",
        "",
        f"**Datum:** {m.day.isoformat()}",
        f"**Tid:** kl. {start}–{end}",
        f"**Plats:** {m.place}",
        f"**Diarienummer:** {m.dnr}",
        "",
        "## Närvarande",
        "",
    ]
    lines += _attendance(m, rng, municipal=m.body.municipality is not None, bullet="- ")[1:]
    lines += [f"**Justerare:** {m.adjuster}", ""]
    for item in m.items:
        lines += [f"## § {item.number} {item.title}", ""]
        lines += _item_lines(item, rng, wrap=False)
    return lines + _signatures(m)


_LAYOUTS = {
    "lsg": (_layout_lsg, "txt"),
    "numbered": (_layout_numbered, "txt"),
    "paragraph": (_layout_paragraph, "txt"),
    "columns": (_layout_columns, "txt"),
    "municipal": (_layout_municipal, "txt"),
    "markdown": (_layout_markdown, "md"),
    "docx": (_layout_lsg, "docx"),
}


def _write_docx(path: Path, lines: list[str]) -> None:
    import docx  # python-docx, a dependency of the parser

    document = docx.Document()
    for line in lines:
        if line:
            document.add_paragraph(line)
    # Word stores the creation time; a fixed one keeps the bytes reproducible.
    document.core_properties.created = document.core_properties.modified = _FIXED_TIME
    document.save(str(path))


_FIXED_TIME = __import__("datetime").datetime(2020, 1, 1)


def _agreement(w: _Writer, sections: int, day: date) -> tuple[list[str], str, list[ItemRecord]]:
    """An agreement with exactly `sections` numbered sections (sub-sections count)."""
    r = w.rng
    topic = r.choice(TOPICS)
    kind, subject = r.choice(AGREEMENT_KINDS)
    title = kind.format(topic=topic)
    outline: list[tuple[str, str]] = []
    for n, (head, subs) in enumerate(AGREEMENT_OUTLINE, 1):
        outline.append((str(n), head))
        outline += [(f"{n}.{k}", sub) for k, sub in enumerate(subs, 1)]
    while len(outline) < sections:  # more sections than the outline: numbered appendix topics
        n = int(outline[-1][0].split(".")[0]) + 1
        outline.append((str(n), f"Särskilda bestämmelser om {r.choice(TOPICS)}"))
    outline = outline[:sections]
    lines = [
        "Region Västerbotten och Västerbottens kommuner",
        "",
        title,
        "",
        "Beslutad av: Länssamverkansgruppen",
        f"Fastställd {day.isoformat()}",
        f"Diarienummer: RV {day.year}-{r.randint(100, 4999):05d}",
        f"Version {r.randint(1, 4)}.0",
        "",
    ]
    items: list[ItemRecord] = []
    for number, head in outline:
        lines += [f"{number} {head}", ""]
        parent = "." not in number
        has_children = any(other.startswith(f"{number}.") for other, _ in outline)
        if parent and has_children and r.random() < 0.5:
            items.append(ItemRecord(number, head, None, [], topic))
            continue  # a chapter heading directly followed by its first sub-section
        text = [
            f"{subject} gäller {topic} och omfattar {r.choice(GROUPS)} i hela länet.",
            f"{_cap(r.choice(ORGS[:4]))} och {r.choice(ORGS[4:])} samverkar kring {r.choice(ASPECTS)}.",
        ]
        assignees = []
        if "ansvar" in head.lower():
            who = r.choice(("Regionen", "Kommunen", "Huvudmännen"))
            text.append(f"{who} ansvarar för att {w.fill(r.choice(TASKS), topic, day.year)}.")
            assignees.append(who)
        lines += [" ".join(text), ""]
        items.append(ItemRecord(number, head, None, assignees, topic))
    return lines, title, items


# --- planning and writing ----------------------------------------------------------------


def _random_day(rng: random.Random) -> date:
    day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    while day.weekday() >= 5:  # meetings are on weekdays
        day -= timedelta(days=1)
    return day


def _slug(text: str) -> str:
    table = str.maketrans("åäöéÅÄÖÉ", "aaoeAAOE")
    out = "".join(c if c.isalnum() else "-" for c in text.translate(table).lower())
    return "-".join(part for part in out.split("-") if part)


def generate(out_dir: Path, items: int = 1000, seed: int = 1, *, agreements_every: int = 40) -> Manifest:
    """Write a corpus of exactly `items` citable items to `out_dir` (created) and return its manifest."""
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # Plan: documents with their sizes, bodies and dates; agreements now and then.
    plans: list[tuple[str, Body | None, date, int]] = []
    total = 0
    while total < items:
        size = min(rng.randint(10, 25), items - total)
        kind = "agreement" if len(plans) % agreements_every == agreements_every - 1 else "protocol"
        body = None if kind == "agreement" else rng.choice(BODIES)
        plans.append((kind, body, _random_day(rng), size))
        total += size

    # Paragraph numbers run through each body's year, as municipal protocols number them.
    def by_body(i: int) -> tuple[str, date, int]:
        body = plans[i][1]
        return (body.name if body else "", plans[i][2], i)

    order = sorted(range(len(plans)), key=by_body)
    first_number: dict[int, int] = {}
    running: dict[tuple[str, int], int] = defaultdict(int)
    for i in order:
        kind, body, day, size = plans[i]
        if body is None:
            continue
        key = (body.name, day.year)
        first_number[i] = running[key] + 1
        running[key] += size
    documents: list[DocumentRecord] = []
    used: set[str] = set()
    for i, (kind, body, day, size) in enumerate(plans):
        w = _Writer(random.Random(f"{seed}-{i}"))
        r = w.rng
        if body is None:
            lines, title, records = _agreement(w, size, day)
            name = f"{_slug(title)[:60]}-{day.isoformat()}"
            fmt, layout, chair, adjusters, secretary, doc_body = (
                "txt",
                "agreement",
                None,
                [],
                None,
                "Länssamverkansgruppen",
            )
        else:
            layout = r.choice(body.layouts)
            renderer, fmt = _LAYOUTS[layout]
            first = first_number[i] if layout != "numbered" else 1
            names = w.people(r.randint(5, 12) + 4)
            chair, vice, adjuster, secretary, *rest = names
            members = rest[: max(1, len(rest) - 2)]
            absent = rest[len(members) :]
            officials = [(w.person(), r.choice(OFFICIAL_ROLES)) for _ in range(r.randint(1, 3))]
            meeting_items = _protocol_items(w, body, day.year, first, size, adjuster)
            dnr = f"{body.short} {day.year}/{r.randint(1, 999):04d}"
            meeting = _Meeting(
                body,
                day,
                meeting_items,
                chair,
                vice,
                adjuster,
                secretary,
                members,
                absent,
                officials,
                r.choice(PLACES),
                dnr,
            )
            lines = renderer(meeting, r)
            name = f"{_slug(body.name)}-{day.isoformat()}"
            title = f"Protokoll {body.name}" if not lines[0].startswith("Protokoll fört") else lines[0]
            if layout == "markdown":
                title = f"Protokoll – {body.name}"
            elif layout == "columns":
                title = f"Protokoll {body.name}"
            records = [
                ItemRecord(str(it.number), it.title, _expected_decision(it), it.assignees, it.topic)
                for it in meeting_items
            ]
            adjusters, doc_body = [adjuster], body.name
        stem = name
        n = 2
        while stem in used:
            stem = f"{name}-{n}"
            n += 1
        used.add(stem)
        path = out_dir / f"{stem}.{fmt}"
        if fmt == "docx":
            _write_docx(path, lines)
        else:
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        documents.append(
            DocumentRecord(
                path=path.name,
                kind=kind,
                layout=layout,
                format=fmt,
                body=doc_body,
                date=day.isoformat(),
                title=title,
                chair=chair,
                adjusters=adjusters,
                secretary=secretary,
                items=records,
            )
        )
    manifest = Manifest(seed, items, documents)
    (out_dir / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--items", type=int, default=1000, help="citable items in the corpus (exactly)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    manifest = generate(args.out_dir, args.items, args.seed)
    print(f"{len(manifest.documents)} dokument, {manifest.items} ärenden/avsnitt i {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
