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

About one item in 60 is a step of a topic thread: a matter no other item names, handled
over 3–5 meetings of one body (sometimes passed on to a second body for decision) in
stages (information, remiss, bordläggning, återremiss, beslut, uppföljning), each step
recalling the earlier handling. The manifest records the thread's matter and the step's
stage on the item (eval/thread_questions.py makes timeline questions from them). A step
replaces one topic item of its meeting, written from a random source of its own, so every
document without a step is exactly as it would be without threads.

Use from Python: `generate(out_dir, items=1000, seed=1) -> Manifest`.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import zipfile
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
    thread: str | None = None  # the matter of the topic thread this item is a step of
    stage: str | None = None  # the thread step's stage: information, remiss, beslut, uppföljning, …


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
    thread: str | None = None
    stage: str | None = None
    # A thread step written over an item: the item it replaced (rendered first, to keep the
    # document's random stream as it was) and the step's own random source.
    replaced: _Item | None = None
    own_rng: random.Random | None = None


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
    if item.replaced is not None and item.own_rng is not None:
        # Draw what the replaced item drew from the document's stream, then write the step
        # from its own: the rest of the document comes out byte for byte as without threads.
        _item_lines(item.replaced, rng, wrap=wrap)
        rng = item.own_rng
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
    # Word stores the creation time, and the zip each entry's time; fixed ones keep the bytes reproducible
    # (generation that crosses a two-second zip tick otherwise writes other bytes for the same seed).
    document.core_properties.created = document.core_properties.modified = _FIXED_TIME
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, source.read(entry.filename))


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


# --- topic threads -----------------------------------------------------------------------
#
# A thread is one matter handled over several meetings of a body (sometimes passed on to a
# second body for decision): information, remiss, bordläggning or återremiss, beslut,
# uppföljning. Each matter is named by no other item of the corpus.

THREAD_MATTERS = (
    "införandet av mobila närvårdsteam",
    "den gemensamma rutinen för trygg hemgång",
    "samordnad individuell plan för barn med psykisk ohälsa",
    "den regionala handlingsplanen mot ensamhet bland äldre",
    "inrättandet av en gemensam familjecentral i inlandet",
    "den digitala tillsynen nattetid i hemtjänsten",
    "utbyggnaden av läkemedelsrobotar i ordinärt boende",
    "överenskommelsen om fast vårdkontakt vid utskrivning",
    "pilotprojektet med virtuella hembesök för multisjuka",
    "det länsgemensamma stödet till barn i skyddat boende",
    "samverkansmodellen för tidiga insatser i förskolan",
    "införandet av gemensam journalföring i hemsjukvården",
    "den regionala strategin för suicidprevention bland unga vuxna",
    "satsningen på språkombud inom äldreomsorgen",
    "rutinen för akut hjälpmedelsförskrivning vid utskrivning",
    "den nya modellen för anhörigkonsulenter",
    "uppbyggnaden av ett mobilt beroendeteam",
    "den gemensamma boendeplanen för personer med samsjuklighet",
    "avtalet om läkarmedverkan i särskilt boende",
    "utvecklingen av en länsgemensam barnahusverksamhet",
    "överenskommelsen om gemensam finansiering av hjälpmedelscentralen",
    "den trygga utskrivningen från psykiatrisk slutenvård",
    "rutinen för vårdplanering via videolänk",
    "den länsgemensamma modellen mot våld i nära relationer",
    "projektet med hälsofrämjande hembesök för sjuttiofemåringar",
    "utbildningssatsningen i palliativ vård för undersköterskor",
    "den gemensamma rutinen för läkemedelshantering i skolan",
    "inrättandet av en länsgemensam jourfunktion för socialtjänsten",
    "omställningen till nära vård i Södra Lappland",
    "den regionala planen för hälsosamma levnadsvanor hos barn",
    "samordningen av insatser för unga med neuropsykiatriska funktionsnedsättningar",
    "införandet av en gemensam digital plattform för samordnad planering",
    "modellen för intensiv öppenvård för ungdomar",
    "överenskommelsen om ansvarsfördelning vid demenssjukdom",
    "det förebyggande arbetet mot spelproblem bland unga",
    "införandet av standardiserade vårdförlopp vid missbruk",
    "stödet till föräldrar med intellektuell funktionsnedsättning",
    "den länsgemensamma rutinen för orosanmälningar från hälso- och sjukvården",
    "satsningen på äldrelotsar i kommunerna",
    "pilotprojektet med nattpatrull i glesbygd",
    "införandet av mottagningsteam för nyanlända barn",
    "den regionala modellen för ungdomsmottagning på nätet",
    "samverkansöverenskommelsen om elevhälsans medicinska insatser",
    "den gemensamma handlingsplanen för fallskador i ordinärt boende",
    "inrättandet av en regional kunskapsstödsfunktion för socialtjänsten",
    "utökningen av korttidsplatser för barn med funktionsnedsättning",
    "den nya avgiftsmodellen för larm i ordinärt boende",
    "rutinen för informationsöverföring vid byte av hemtjänstutförare",
    "införandet av tolkstöd via video i socialtjänsten",
    "den länsgemensamma strategin för kompetensförsörjning inom vård och omsorg",
    "utbildningen i motiverande samtal för biståndshandläggare",
    "modellen för samordnad vård vid långvarig smärta",
    "satsningen på friskvård för medarbetare inom äldreomsorgen",
    "det gemensamma stödet till brottsutsatta äldre",
    "den regionala planen för vaccination på särskilda boenden",
    "införandet av en länsgemensam rutin för skyddsbedömningar",
    "pilotprojektet med sociala insatsgrupper för unga",
    "överenskommelsen om hälsoundersökningar av placerade barn",
    "den gemensamma modellen för stöd till syskon till barn med cancer",
    "utvecklingen av dagverksamhet för personer med tidig demens",
    "införandet av mobila röntgenundersökningar på särskilda boenden",
    "den nya rutinen för hantering av vårdskador i kommunal hälso- och sjukvård",
    "det vräkningsförebyggande arbetet för personer med psykisk ohälsa",
    "satsningen på digitala hjälpmedel för kognitivt stöd",
    "projektet med gemensam förskrivning av elrullstolar",
    "införandet av kontaktsjuksköterskor i kommunal hemsjukvård",
    "den regionala strategin mot hedersrelaterat förtryck i skolan",
    "rutinen för samordnad utskrivning av barn från neonatalvården",
    "utbyggnaden av familjebehandling i hemmet",
    "överenskommelsen om ekonomiskt ansvar för placeringar enligt LVU",
    "den länsgemensamma handlingsplanen för bättre tandhälsa hos äldre",
    "inrättandet av ett regionalt resursteam för autism",
    "pilotprojektet med ambulerande sjuksköterskor nattetid",
    "den gemensamma modellen för uppföljning av placerade ungdomar",
    "satsningen på heltidsanställningar inom hemtjänsten",
    "införandet av nyckelfria lås i hemtjänsten",
    "rutinen för avvikelser mellan kommun och region",
    "det gemensamma arbetet mot ofrivillig ensamhet bland unga",
    "utredningen om en gemensam nämnd för hjälpmedel",
    "den regionala modellen för förstärkt hemsjukvård i livets slutskede",
    "överenskommelsen om sjuksköterskebemanning under sommaren",
    "införandet av digital signering av läkemedel",
    "utbildningssatsningen om barnkonventionen för socialsekreterare",
    "pilotprojektet med hälsocoacher för personer med försörjningsstöd",
    "den gemensamma strategin för färre tvångsåtgärder i psykiatrin",
    "inrättandet av ett länsgemensamt kompetenscentrum för demens",
    "rutinen för stöd till närstående efter suicid",
    "den nya modellen för rehabilitering efter stroke i hemmet",
    "utbyggnaden av mottagningar för unga med missbruksproblem",
    "satsningen på lättläst information om vård och omsorg",
    "överenskommelsen om gemensamma lokaler för hälsocentral och hemtjänst",
    "införandet av arbetssättet individens behov i centrum",
    "den regionala planen för krisstöd vid allvarliga händelser",
    "projektet mot undernäring hos äldre i ordinärt boende",
    "rutinen för läkarbesök på korttidsboenden",
    "samarbetet med skolan kring hemmasittande elever",
    "den gemensamma riktlinjen för tvångsvård av unga med missbruk",
    "inrättandet av en gemensam bemanningspool för sjuksköterskor",
    "utvecklingen av e-hälsotjänster för personer med kronisk sjukdom",
    "den länsgemensamma modellen för ekonomisk rådgivning till barnfamiljer",
    "införandet av vårdhundar i demensvården",
    "satsningen på sommarjobb inom äldreomsorgen för gymnasieelever",
    "pilotprojektet med en gemensam ingång för ungas psykiska hälsa",
    "överenskommelsen om kostnadsansvar för tekniska hjälpmedel i skolan",
    "den nya rutinen för hembesök efter besök på akutmottagningen",
    "föräldrastödsprogrammet inom familjecentralerna",
    "utbildningen i psykisk livräddning för personal inom hemtjänsten",
    "den regionala handlingsplanen för tobaksfria skolgårdar",
    "införandet av en samordnad larmkedja i glesbygden",
    "samverkansrutinen för barn med skyddad identitet",
    "den gemensamma strategin mot hemlöshet bland unga vuxna",
    "utvecklingen av boendestöd för personer med psykisk funktionsnedsättning",
    "pilotprojektet med distanskonsultation från geriatriken",
    "överenskommelsen om delegering av hälso- och sjukvårdsuppgifter",
    "modellen för anhörigas delaktighet i vårdplaneringen",
    "den nya rutinen för sekretessprövning vid samverkan kring barn",
    "satsningen på rehabiliteringsassistenter i hemtjänsten",
    "inrättandet av en gemensam mottagning för våldsutövare",
    "den regionala uppföljningen av personligt ombud",
    "projektet med läkemedelsgenomgång på distans",
    "rutinen för samordning vid problematisk skolfrånvaro",
    "den gemensamma planen för värmeböljor inom äldreomsorgen",
    "införandet av mobil tandvård på särskilda boenden",
    "överenskommelsen om asylsökande barns hälsa",
    "utbyggnaden av öppenvård för spelberoende vuxna",
    "den länsgemensamma policyn för sociala medier i vård och omsorg",
    "pilotprojektet med teamarbete kring barn med diabetes i skolan",
    "inrättandet av ett länsgemensamt anhörigcentrum",
    "den regionala modellen för stöd till unga omsorgsgivare",
    "satsningen på förstärkt bemanning nattetid i särskilt boende",
    "införandet av gemensamma bedömningsinstrument i missbruksvården",
    "rutinen för återlämning av hjälpmedel vid dödsfall",
    "utredningen om samlokaliserade vårdcentraler i inlandet",
    "den gemensamma rutinen för vaccinationer av barn i familjehem",
    "överenskommelsen om vårdkoordinatorer i psykiatrin",
    "den nya modellen för biståndsbedömning inom hemtjänsten",
    "projektet med trygghetsskapande hembesök efter fall",
    "införandet av digital fysisk aktivitet på recept",
    "den länsgemensamma rutinen för hotfulla situationer i hemtjänsten",
    "satsningen på brukarstödjare inom psykiatrin",
    "inrättandet av en samordnad akutbedömning för äldre i hemmet",
    "samverkansavtalet om logopedinsatser för barn",
    "pilotprojektet med gemensam hemrehabilitering efter höftfraktur",
    "den regionala planen för stöd till barn i familjer med missbruk",
    "utvecklingen av trygghetsboenden i glesbygd",
    "den gemensamma rutinen för skyddsåtgärder inom demensvården",
    "överenskommelsen om gemensamma utbildningsdagar i vårdhygien",
    "införandet av läkemedelsautomater på korttidsboenden",
    "den nya strategin för uppsökande verksamhet bland äldre med psykisk ohälsa",
    "satsningen på individuellt stöd i arbete för personer med psykisk ohälsa",
)

# Stage sequences of a thread; steps marked "B" are held by the body the matter is passed on to.
THREAD_PATTERNS = (
    ("information", "remiss", "beslut"),
    ("information", "beslut", "uppföljning"),
    ("remiss", "beslut", "uppföljning"),
    ("information", "remiss", "beslut", "uppföljning"),
    ("information", "remiss", "beslut", "uppföljning"),
    ("information", "bordläggning", "beslut", "uppföljning"),
    ("information", "remiss", "återremiss", "beslut"),
    ("remiss", "bordläggning", "beslut", "återrapportering"),
    ("information", "beslut", "uppföljning", "återrapportering"),
    ("information", "remiss", "bordläggning", "beslut", "uppföljning"),
    ("information", "remiss", "återremiss", "beslut", "uppföljning"),
    ("information", "remiss", "beslut", "uppföljning", "återrapportering"),
)
PASSED_ON_PATTERNS = (
    ("information", "överlämnande", "B:beslut"),
    ("information", "remiss", "överlämnande", "B:beslut"),
    ("information", "överlämnande", "B:beslut", "B:uppföljning"),
    ("information", "remiss", "överlämnande", "B:beslut", "uppföljning"),
)
# Who a body passes a matter on to for decision.
PASS_ON = {
    "Beredning barn och unga": ("Länssamverkansgruppen",),
    "Beredning vuxna och äldre": ("Länssamverkansgruppen",),
    "Samverkansgrupp psykisk hälsa": ("Länssamverkansgruppen", "Samråd hälsa, vård och omsorg"),
    "Styrgruppen för nära vård": ("Länssamverkansgruppen",),
    "Hjälpmedelsrådet": ("Länssamverkansgruppen",),
    "Samråd hälsa, vård och omsorg": ("Länssamverkansgruppen",),
    "Patientsäkerhetsrådet": ("Hälso- och sjukvårdsnämnden",),
    "Hälso- och sjukvårdsnämnden": ("Regionstyrelsen",),
}
THREAD_TITLES = {
    "information": ("Information om {matter}", "{Matter} – information", "Information: {matter}"),
    "remiss": ("Remiss: {matter}", "{Matter} – remiss", "Förslag om {matter} inför remiss"),
    "bordläggning": ("{Matter} – beslut", "Beslut om {matter}", "{Matter}"),
    "återremiss": ("{Matter} – beslut", "Beslut om {matter}", "{Matter}"),
    "beslut": ("{Matter} – beslut", "Beslut om {matter}", "{Matter}", "Remissammanställning och beslut om {matter}"),
    "överlämnande": ("{Matter} – överlämnande", "Överlämnande av förslaget om {matter}", "{Matter}"),
    "uppföljning": ("Uppföljning av {matter}", "{Matter} – uppföljning", "Lägesrapport: {matter}"),
    "återrapportering": ("Återrapport: {matter}", "Återrapportering av {matter}", "{Matter} – återrapportering"),
}
REMISS_RECIPIENTS = (
    "länets kommuner",
    "länets kommuner och Region Västerbotten",
    "berörda förvaltningar",
    "brukar- och patientorganisationerna",
    "kommunernas socialtjänst och primärvården",
    "samverkansgrupperna i länets tre länsdelar",
)
GOALS = (
    "få ett mer samordnat stöd",
    "slippa onödiga besök på akutmottagningen",
    "få insatser i rätt tid",
    "kunna bo kvar hemma längre",
    "få en tryggare övergång mellan vårdgivare",
    "få samma stöd oavsett var i länet de bor",
    "få en fast kontakt som håller ihop insatserna",
    "bli delaktiga i planeringen av sina insatser",
)
REQUESTS = (
    "en kompletterande kostnadsberäkning",
    "en konsekvensanalys för de mindre kommunerna",
    "ett förtydligande av ansvarsfördelningen mellan huvudmännen",
    "en redovisning av hur brukarnas synpunkter har tagits om hand",
    "en analys av behovet av personal och kompetens",
    "en tidplan för införandet",
)
PLANNED = ("våren", "hösten")
THREAD_MAX_GAP_DAYS = 3 * 365  # at most this long between two steps of a thread


def _long_date(day: date) -> str:
    return f"den {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


@dataclass
class _ThreadStep:
    plan: int  # index of the planned document
    day: date
    body: Body
    stage: str


@dataclass
class _Thread:
    index: int
    matter: str
    steps: list[_ThreadStep]
    recipients: str
    request: str  # what the body asked for when it did not decide at once
    goal: str
    group: str


def _topic_capacity(size: int) -> int:
    """How many thread steps a planned protocol can hold: its topic items, at most three."""
    topics = size if size < 8 else size - len(STANDING_ITEMS) - len(CLOSING_ITEMS)
    return max(0, min(3, topics))


def _plan_threads(plans: list[tuple[str, Body | None, date, int]], items: int, seed: int) -> list[_Thread]:
    """About one thread per 60 items, each over 3–5 meetings of a body with at least three.

    Drawn from a random source of its own, so the documents' plan is the same with or without threads.
    """
    rng = random.Random(f"{seed}-threads")
    capacity = {i: _topic_capacity(size) for i, (_, body, _, size) in enumerate(plans) if body is not None}
    slots: dict[str, list[tuple[date, int]]] = defaultdict(list)  # a body's meetings, one per date
    for i, (_kind, body, day, _) in sorted(enumerate(plans), key=lambda p: (p[1][2], p[0])):
        if body is not None and (not slots[body.name] or slots[body.name][-1][0] != day):
            slots[body.name].append((day, i))
    bodies = {body.name: body for body in BODIES}
    matters = rng.sample(THREAD_MATTERS, len(THREAD_MATTERS))
    threads: list[_Thread] = []
    for t in range(round(items / 60)):
        pattern: tuple[str, ...] = ()
        steps: list[_ThreadStep] = []
        for attempt in range(30):
            passed_on = rng.random() < 0.25
            pattern = rng.choice(PASSED_ON_PATTERNS if passed_on else THREAD_PATTERNS)
            eligible = [
                name
                for name, meetings in slots.items()
                if len(meetings) >= len(pattern) and (not passed_on or name in PASS_ON)
            ]
            if not eligible:
                continue
            first = rng.choices(eligible, weights=[len(slots[name]) for name in eligible])[0]
            second = rng.choice(PASS_ON[first]) if passed_on else first
            # Steps at most three years apart, unless the bodies meet too seldom for that (small corpora).
            gap = THREAD_MAX_GAP_DAYS if attempt < 20 else None
            steps = _schedule(
                rng, pattern, slots[first], slots.get(second, []), capacity, bodies[first], bodies[second], gap
            )
            if steps:
                break
        if not steps:
            continue
        for step in steps:
            capacity[step.plan] -= 1
        matter = matters[t % len(matters)]
        if t >= len(matters):  # more threads than matters: a later stage of the same work
            matter = f"{matter}, etapp {t // len(matters) + 1}"
        threads.append(
            _Thread(
                len(threads),
                matter,
                steps,
                rng.choice(REMISS_RECIPIENTS),
                rng.choice(REQUESTS),
                rng.choice(GOALS),
                rng.choice(GROUPS),
            )
        )
    return threads


def _schedule(
    rng: random.Random,
    pattern: tuple[str, ...],
    first: list[tuple[date, int]],
    second: list[tuple[date, int]],
    capacity: dict[int, int],
    body: Body,
    other: Body,
    max_gap: int | None,
) -> list[_ThreadStep]:
    """Meetings for the pattern's steps in date order, or [] when the bodies' meetings do not allow it.

    Mostly the body's next meeting, now and then one later; after a bordläggning always the next.
    """
    own = sum(1 for stage in pattern if not stage.startswith("B:"))
    start = rng.randrange(len(first) - own + 1) if len(first) >= own else 0
    steps: list[_ThreadStep] = []
    previous: date | None = None
    for n, stage in enumerate(pattern):
        meetings, at = (second, other) if stage.startswith("B:") else (first, body)
        if previous is None:
            k = start
        else:
            k = next((j for j, (day, _) in enumerate(meetings) if day > previous), len(meetings))
            if steps[-1].stage != "bordläggning" and rng.random() < 0.25 and len(meetings) - k > len(pattern) - n:
                k += 1
        if k >= len(meetings) or capacity[meetings[k][1]] <= 0:
            return []
        if previous is not None and max_gap is not None and (meetings[k][0] - previous).days > max_gap:
            return []  # a matter is not left lying for years between two handlings
        day, plan = meetings[k]
        steps.append(_ThreadStep(plan, day, at, stage.removeprefix("B:")))
        previous = day
    return steps


def _referent(earlier: Body, now: Body) -> str:
    """How a step's text names the body of an earlier step: "Nämnden", or another body's name."""
    return earlier.subject if earlier.name == now.name else earlier.name


def _when(rng: random.Random, day: date) -> str:
    month = f"{MONTH_NAMES[day.month - 1]} {day.year}"
    return rng.choice((f"i {month}", _long_date(day), f"vid sammanträdet {_long_date(day)}", f"vid mötet i {month}"))


def _history(rng: random.Random, thread: _Thread, k: int) -> list[str]:
    """Sentences recalling how the matter was handled before step k (the latest handling always)."""
    now = thread.steps[k]
    earlier = list(range(k))
    if len(earlier) > 2:
        earlier = sorted(rng.sample(earlier[:-1], rng.randint(0, len(earlier) - 1))) + [k - 1]
    m = thread.matter
    out: list[str] = []
    for j in earlier:
        step = thread.steps[j]
        who, when = _referent(step.body, now.body), _when(rng, step.day)
        if step.stage == "information":
            options = [
                f"{who} informerades om {m} {when}.",
                f"Förslaget om {m} presenterades första gången {when}.",
                f"{who} fick information om arbetet med {m} {when}.",
            ]
        elif step.stage == "remiss":
            options = [
                f"Förslaget skickades på remiss till {thread.recipients} {when}.",
                f"{who} skickade förslaget på remiss till {thread.recipients} {when}.",
            ]
        elif step.stage == "bordläggning":
            options = [f"Ärendet bordlades {when} i väntan på {thread.request}.", f"Ärendet bordlades {when}."]
        elif step.stage == "återremiss":
            options = [
                f"{who} återremitterade ärendet {when} för {thread.request}.",
                f"Ärendet återremitterades {when} för {thread.request}.",
            ]
        elif step.stage == "överlämnande":
            target = thread.steps[j + 1].body.name
            options = [
                f"{step.body.name} behandlade ärendet {when} och överlämnade förslaget till {target} för beslut.",
                f"Förslaget om {m} har beretts av {step.body.name}, som överlämnade det {when}.",
            ]
        elif step.stage == "beslut":
            options = [
                f"{who} fattade beslut om {m} {when}.",
                f"Beslutet om {m} fattades {when}.",
                f"{who} ställde sig bakom förslaget om {m} {when}.",
            ]
        else:  # uppföljning, återrapportering
            options = [f"En första uppföljning redovisades {when}.", f"{who} tog del av en återrapport {when}."]
        out.append(_cap(rng.choice(options)))
    return out


def _thread_item(original: _Item, thread: _Thread, k: int, rng: random.Random) -> _Item:
    """Step k of a thread written over a topic item of its meeting, keeping the item's number."""
    w = _Writer(rng)
    step = thread.steps[k]
    stage, subject, m, year = step.stage, step.body.subject, thread.matter, step.day.year
    title = rng.choice(THREAD_TITLES[stage]).format(matter=m, Matter=_cap(m))
    presenter = w.person() if rng.random() < 0.7 else None
    paragraphs = [f"Föredragande: {presenter}"] if presenter and rng.random() < 0.4 else []
    paragraphs += _history(rng, thread, k)
    later = thread.steps[k + 1].day if k + 1 < len(thread.steps) else step.day + timedelta(days=120)
    assignees: list[str] = []
    speaker = presenter or w.person()
    remissed = any(s.stage == "remiss" for s in thread.steps[:k])
    if stage == "information":
        paragraphs += [
            rng.choice(
                (
                    f"{speaker}, {rng.choice(OFFICIAL_ROLES)}, informerade om {m}.",
                    f"{speaker} presenterade arbetet med {m}.",
                )
            ),
            f"Syftet är att {thread.group} ska {thread.goal}.",
            "Förslaget har tagits fram av {} tillsammans med {}.".format(*rng.sample(ORGS, 2)),
        ]
        if rng.random() < 0.5:
            paragraphs.append(f"Införandet planeras till {rng.choice(PLANNED)} {year + 1}.")
        block = [
            rng.choice(
                (
                    "Informationen läggs till handlingarna.",
                    f"{subject} tar del av informationen.",
                    f"{subject} beslutar att lägga informationen till handlingarna.",
                )
            )
        ]
    elif stage == "remiss":
        deadline = max(
            step.day + timedelta(days=14),
            min(step.day + timedelta(days=rng.randint(45, 90)), later - timedelta(days=10)),
        )
        paragraphs += [
            f"{'Ett förslag har' if k else f'Ett förslag om {m} har'} nu tagits fram"
            f"{rng.choice(('', ' efter dialog med ' + rng.choice(ORGS)))}.",
            f"{speaker} redogjorde för förslaget och för {rng.choice(ASPECTS)}.",
        ]
        block = [
            f"{subject} beslutar att skicka förslaget på remiss till {thread.recipients} "
            f"med svar senast {_long_date(deadline)}."
        ]
    elif stage in ("bordläggning", "återremiss"):
        answered = rng.randint(4, 15)
        if remissed:
            paragraphs.append(
                f"Remissvar har kommit in från {answered} av {answered + rng.randint(0, 6)} remissinstanser."
            )
        else:
            paragraphs.append(f"{speaker} presenterade ett förslag om {m}.")
        paragraphs.append(f"Under överläggningen efterfrågades {thread.request}.")
        if stage == "bordläggning":
            block = ["Ärendet bordläggs till nästa sammanträde."]
        else:
            who = "förvaltningen" if step.body.municipality else "arbetsgruppen"
            block = [f"Ärendet återremitteras till {who} för {thread.request}."]
    elif stage == "överlämnande":
        target = thread.steps[k + 1].body.name
        paragraphs += [
            f"Förslaget om {m} är nu färdigberett.",
            f"Beslut om förslaget fattas av {target}.",
        ]
        block = [f"{subject} beslutar att överlämna förslaget om {m} till {target} för beslut."]
    elif stage == "beslut":
        summaries = [
            f"Förslaget om {m} har reviderats utifrån de synpunkter som kommit fram.",
            f"Förslaget innebär att {thread.group} ska {thread.goal}.",
        ]
        if remissed:
            summaries.append(
                f"Remissvaren är i huvudsak positiva, men {rng.choice(ORGS)} har påpekat behovet av "
                f"{rng.choice(REQUESTS)}."
            )
        paragraphs += [
            rng.choice(summaries),
            f"Kostnaden beräknas till {w.amount()} kronor per år.",
        ]
        form = rng.randrange(4)
        if form == 0:
            block = [f"{subject} beslutar att anta förslaget om {m}."]
        elif form == 1:
            start = date(year + 1, 1, 1) if step.day.month >= 9 else (step.day + timedelta(days=45)).replace(day=1)
            block = [f"{subject} beslutar att anta förslaget om {m} att gälla från och med {_long_date(start)}."]
        elif form == 2:
            who = rng.choice(ASSIGNEES)
            block = [
                f"{subject} beslutar",
                f"att godkänna förslaget om {m},",
                f"att uppdra åt {who.lower()} att följa upp arbetet och återrapportera senast {w.when(year)}.",
            ]
            assignees.append(who.lower())
        else:
            block = [
                f"{subject} beslutar att ställa sig bakom {m} och att avsätta {w.amount()} kronor till genomförandet."
            ]
        if rng.random() < 0.3:
            sentence, who = w.assignment(m, year)
            block.append(sentence)
            assignees.append(who)
    else:  # uppföljning, återrapportering
        paragraphs += [
            f"{speaker} redovisade hur arbetet med {m} har gått.",
            f"Uppföljningen visar att {rng.randint(30, 98)} procent av {thread.group} har {rng.choice(OUTCOMES)}.",
        ]
        if rng.random() < 0.5:
            paragraphs.append(f"Hittills har {w.amount()} kronor använts.")
        what = "Uppföljningen" if stage == "uppföljning" else "Återrapporten"
        block = [
            rng.choice(
                (
                    f"{what} läggs till handlingarna.",
                    f"{subject} beslutar att lägga {what.lower()} till handlingarna.",
                    f"{subject} beslutar att godkänna {what.lower()} och att arbetet ska fortsätta.",
                )
            )
        ]
    after: list[str] = []
    if rng.random() < 0.3:
        after = ["Beslutsunderlag", f"Tjänsteskrivelse {(step.day - timedelta(days=rng.randint(7, 30))).isoformat()}"]
    heading = " beslutar" not in block[0] or rng.random() < 0.5
    return _Item(
        original.number,
        title,
        paragraphs,
        block,
        heading,
        after,
        presenter,
        assignees,
        m,
        thread=m,
        stage=stage,
        replaced=original,
        own_rng=rng,
    )


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
    steps_at: dict[int, list[tuple[_Thread, int]]] = defaultdict(list)
    for thread in _plan_threads(plans, items, seed):
        for k, step in enumerate(thread.steps):
            steps_at[step.plan].append((thread, k))
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
            for thread, k in steps_at.get(i, ()):
                # The step replaces one topic item, chosen and written from a random source of
                # its own: the document's stream, and so everything else in it, stays as it was.
                step_rng = random.Random(f"{seed}-thread-{thread.index}-{k}")
                free = [j for j, it in enumerate(meeting_items) if it.topic is not None and it.thread is None]
                j = step_rng.choice(free)
                meeting_items[j] = _thread_item(meeting_items[j], thread, k, step_rng)
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
                ItemRecord(
                    str(it.number), it.title, _expected_decision(it), it.assignees, it.topic, it.thread, it.stage
                )
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
