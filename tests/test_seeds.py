"""Golden tests: both seed protocols must come out exactly right, item by item."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.documents import Document, parse_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
LSG = CORPUS / "lanssamverkansgruppen-2026-02-20.txt"
SAMRAD = CORPUS / "samrad-halsa-vard-och-omsorg-2025-varen.txt"


@pytest.fixture(scope="module")
def lsg() -> Document:
    return parse_file(LSG)


@pytest.fixture(scope="module")
def samrad() -> Document:
    return parse_file(SAMRAD)


# --- Länssamverkansgruppen 2026-02-20: items 1-21 in four layouts -------------------------

LSG_ITEMS = [
    ("1", "Mötet öppnas", None, []),
    ("2", "Val av justerare", "beslut", []),
    ("3", "Föredragningslista", "beslut", []),
    ("4", "Föregående protokoll", "beslut", []),
    (
        "5",
        "Återkoppling från beredningar/råd",
        "information",
        ["Erika Holmberg", "Emil Forsberg", "Jenni Fryxell", "Sonja Sundqvist", "Karin Åberg"],
    ),
    ("6", "Förslag till Gemensam plan för hälsa, vård och omsorg i Västerbotten", "information", []),
    ("7", "Uppföljning av överenskommelsen Samverkan vid utskrivning från slutna hälso- och sjukvård", "beslut", []),
    ("8", "Återrapportering av uppdrag att revidera vägledning till avtal om övertagande av vård", "beslut", []),
    ("9", "Återkoppling från arbetsgrupp Tracheostomi", "information", ["Lars Hortlund", "Ewa Hemmingsson"]),
    ("10", "Årssammanställning för 2025, patientsäkerhetsrådet", "information", []),
    (
        "11",
        "Utbildning personcentrerat förhållningssätt, arbetssätt och dokumentation",
        "information",
        ["Åsa Nordlund", "Erika From"],
    ),
    (
        "12",
        "Länsgemensam överenskommelse om vid rutin för sjukskrivning av individer med försörjningsstöd",
        "beslut",
        ["Sara Hjalmarsson"],
    ),
    ("13", "Riktlinje Generisk modell för rehabilitering och delar av försäkringsmedicinskt arbete", "beslut", []),
    (
        "14",
        "Satsningar inom ramen för överenskommelsen strategiska insatser för psykisk hälsa och suicidprevention",
        "beslut",
        ["Monica Wahlström"],
    ),
    (
        "15",
        "Fördelning av medel 2026 inom överenskommelsen strategiska insatser för psykisk hälsa och suicidprevention",
        "beslut",
        [],
    ),
    ("16", "Förenklad rutin för beslut om representation", "beslut", []),
    ("17", "Reviderad arbetsordning för LSG", "beslut", []),
    ("18", "Ny lokal arbetsgrupp tobak och nikotinprevention", "information", ["Cecilia Edström"]),
    ("19", "Återrapportering från lärandekonferens nära vård", "information", ["Helena Bogseth"]),
    ("20", "Ärenden till Samråd hälsa, vård och omsorg", "beslut", []),
    ("21", "Sammanträdet avslutas", None, []),
]
LSG_DECISIONS = {
    "2": "Pernilla Henriksson justerar protokollet tillsammans med ordförande.",
    "3": "Föredragningslista fastställs enligt upprättat förslag med tillägg av punkt 19 – återkoppling från Nationell lärandekonferens för nära vård.",
    "4": "Protokoll från LSG sammanträde den 14 november och 5 december läggs till handlingarna.",
    "7": 'Informationen är delgiven och återrapportering genomförd.\nProcessledarna uppdras att genomföra en omfattande analys av orsaker för att hitta områden att rikta utvecklingsinsatser mot och föreslå konkreta åtgärder för att förbättra följsamheten till effektmålen och öka måluppfyllelsen samt att i dialog inhämta förslag från huvudmännen om hur följsamheten till effektmålen kopplade till överenskommelsen kan öka.\nUppdraget återrapporteras till länssamverkansgruppen. Arbetsutskottet tillsammans med Camilla Andersson och Ulrika Westman utgör stöd åt processledarna avseende förtydligande av uppdraget.\nProcessledare uppdras att bereda förslag på hur uppföljning av effektmål 5 "Antal SIP med den enskildes delaktighet" kan ske framöver utifrån data i Life Care SP.',
    "8": "Vägledning till avtal för övertagande av vår revideras enligt upprättat förslag med ändring av formuleringen från hemsjukvård till sjukvård i hemmet. Huvudmännen rekommenderas följa informationsöverföring mellan region och kommun enligt kapitel 12.\nRespektive huvudman ansvarar för implementering av nya informationsvägar enligt beslutet i sina verksamheter.",
    "12": "Ny blankett fastställs enligt förslag.\nRespektive huvudman ansvarar för implementering av ny blankett enligt beslutet i sina verksamheter.\nBeredning för vuxna och äldre uppdras inrätta arbetsgrupp med representanter från region och kommun för processtöd för implementering och uppföljning. Arbetsgruppen rapporterar till Vuxna och äldre.",
    "13": "Länsgemensam Riktlinje Generisk modell för rehabilitering och delar av försäkringsmedicinskt arbete fastställs enligt förslag.\nImplementeringen sker via relevanta LPO och LPOG.",
    "14": "Förslag om förenklad hantering av äskanden av länsgemensamma medel 2026 godkänns.\nFöreslag om justering av punkt 3 i prioriteringsordningen för statsbidraget antas.\nReviderad prioriteringsordningen vid medelsfördelning tillämpas 2026.",
    "15": "Länssamverkansgruppen beslutar enligt upprättat förslag.",
    "16": "Beslut om ny ledamot delegeras från länssamverkansgruppen till regionens respektive kommunernas representanter i länssamverkansgruppen. Besluten anmäls till nästkommande sammanträde inom länssamverkansgruppen.",
    "17": "Ärendet återremitteras.",
    "20": "Följande ärenden anmäls till Samråd hälsa, vård och omsorg\nFörslag till Gemensam plan för hälsa, vård och omsorg i Västerbotten\nUppföljning av överenskommelsen Samverkan vid utskrivning från slutna hälso- och sjukvård\nÅterrapportering av uppdrag att revidera vägledning till avtal om övertagande av vård\nSatsningar inom ramen för överenskommelsen strategiska insatser för psykisk hälsa och suicidprevention\nNy lokal arbetsgrupp tobak och nikotinprevention",
}
LSG_ASSIGNMENTS = {
    "7": [
        (
            "uppdrag",
            "Processledarna",
            "genomföra en omfattande analys av orsaker för att hitta områden att rikta utvecklingsinsatser mot och föreslå konkreta åtgärder för att förbättra följsamheten till effektmålen och öka måluppfyllelsen samt att i dialog inhämta förslag från huvudmännen om hur följsamheten till effektmålen kopplade till överenskommelsen kan öka",
            None,
            True,
        ),
        ("återrapportering", None, "Uppdraget", "länssamverkansgruppen", True),
        (
            "uppdrag",
            "Processledare",
            'bereda förslag på hur uppföljning av effektmål 5 "Antal SIP med den enskildes delaktighet" kan ske framöver utifrån data i Life Care SP',
            None,
            True,
        ),
    ],
    "8": [
        ("återrapportering", None, "Förslag", "LSG", False),
        (
            "rekommendation",
            "Huvudmännen",
            "följa informationsöverföring mellan region och kommun enligt kapitel 12",
            None,
            True,
        ),
        (
            "ansvar",
            "Respektive huvudman",
            "implementering av nya informationsvägar enligt beslutet i sina verksamheter",
            None,
            True,
        ),
    ],
    "9": [
        (
            "uppdrag",
            "Samverkansråd patientsäkerhet",
            "se över behovet av länsgemensamma rutiner för vården av personer med trakeostomi",
            None,
            False,
        )
    ],
    "12": [
        (
            "ansvar",
            "Respektive huvudman",
            "implementering av ny blankett enligt beslutet i sina verksamheter",
            None,
            True,
        ),
        (
            "uppdrag",
            "Beredning för vuxna och äldre",
            "inrätta arbetsgrupp med representanter från region och kommun för processtöd för implementering och uppföljning",
            None,
            True,
        ),
        ("återrapportering", "Arbetsgruppen", None, "Vuxna och äldre", True),
    ],
    "13": [("ansvar", "relevanta LPO och LPOG", "Implementeringen", None, True)],
    "16": [
        (
            "delegering",
            "regionens respektive kommunernas representanter i länssamverkansgruppen",
            "Beslut om ny ledamot",
            None,
            True,
        )
    ],
    "18": [
        (
            "uppdrag",
            "en lokal arbetsgrupp (LAG) inom kunskapsstyrningen",
            "arbeta med frågan om nikotin och tobaksprevention hos unga",
            None,
            False,
        )
    ],
}


def test_lsg_meeting_facts(lsg: Document) -> None:
    assert lsg.kind == "protocol"
    assert lsg.body == "Länssamverkansgruppen"
    assert lsg.date == "2026-02-20"
    assert lsg.diarienummer == "HSN 346:1-2026"
    assert lsg.time == "08.00–11.45"
    assert lsg.place == "Teams"
    assert lsg.title == "Protokoll Länssamverkansgruppen"
    assert lsg.warnings == []


def test_lsg_attendance(lsg: Document) -> None:
    a = lsg.attendance
    assert a is not None
    assert len(a.present) == 20 and len(a.absent) == 4 and len(a.co_opted) == 7 and len(a.others) == 10
    assert (a.present[0].name, a.present[0].organisation, a.present[0].role) == (
        "Ida Lestander",
        "Region Västerbotten",
        "ordförande",
    )
    assert (a.present[-1].name, a.present[-1].organisation) == ("Pernilla Ahlström", "Lycksele kommun")
    assert a.present[18].name == "Kerstin Olla Grahn"
    assert [(p.name, p.organisation) for p in a.absent] == [
        ("Katarzyna Wikström", "Skellefteå kommun"),
        ("Karolina Lundqvist", "Umeå kommun"),
        ("Anna-Maria Stenlund", "Region Västerbotten"),
        ("David Johansson", "Skellefteå kommun"),
    ]
    assert (a.co_opted[3].name, a.co_opted[3].organisation) == ("Erika Holmberg", "ordf. Beredning barn/unga")
    assert (a.others[1].name, a.others[1].organisation) == ("Maria Sterner", "Regional samverkanskoordinator")
    assert (a.others[5].name, a.others[5].organisation) == ("Lars Hortlund", "MAS, Lycksele kommun")
    assert a.chair == "Ida Lestander"
    assert a.vice_chair == "Pernilla Henriksson"
    assert a.secretary == "Maria Sterner"
    assert a.adjusters == ["Pernilla Henriksson"]
    assert a.unspecified == []


def test_lsg_items(lsg: Document) -> None:
    got = [(i.number, i.title, i.kind, i.presenters) for i in lsg.items]
    assert got == LSG_ITEMS


def test_lsg_decisions_of_every_beslut_item(lsg: Document) -> None:
    got = {i.number: i.decision for i in lsg.items if i.kind == "beslut"}
    assert got == LSG_DECISIONS


def test_lsg_information_items_keep_their_acknowledgement(lsg: Document) -> None:
    assert lsg.item("5").decision == "Informationen är delgiven."
    assert lsg.item("10").decision == "Rapporten är anmäld och delgiven."
    assert lsg.item("6").decision.startswith("Länssamverkan ställer sig bakom förslaget")


def test_lsg_assignments(lsg: Document) -> None:
    got = {
        i.number: [(a.type, a.assignee, a.task, a.report_to, a.in_decision) for a in i.assignments]
        for i in lsg.items
        if i.assignments
    }
    assert got == LSG_ASSIGNMENTS
    delegation = lsg.item("16").assignments[0]
    assert delegation.assigned_by == "länssamverkansgruppen"
    commission = lsg.item("9").assignments[0]
    assert commission.assigned_by == "Länssamverkansgruppen"


def test_lsg_item_text_is_clean_and_complete(lsg: Document) -> None:
    item5 = lsg.item("5")
    # The table rows and the free text after the table both belong to item 5.
    assert "Ordförande för respektive beredning/råd återkopplar" in item5.text
    assert "Hjälpmedelsrådet" in item5.text and "|" not in item5.text
    # The wrapped sentence across the blank lines of a page break is one sentence again.
    assert "Särskilt lyftes utmaningen med journalöverföring mellan barnhälsovård och elevhälsa" in item5.text
    # The markdown emphasis "*samt att*" is plain text.
    assert "måluppfyllelsen samt att i dialog" in lsg.item("7").text
    # The signature page is not part of the last item.
    assert lsg.item("21").text == ""
    assert "UNDERSKRIFTSSIDA" not in lsg.item("20").text


def test_lsg_offsets_point_at_the_items(lsg: Document) -> None:
    text = LSG.read_text(encoding="utf-8")
    for item in lsg.items:
        assert item.number in text[item.start : item.start + 12]
        assert item.title.split()[0] in text[item.start : item.end]
    starts = [i.start for i in lsg.items]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(lsg.items, lsg.items[1:]))


# --- Samråd hälsa, vård och omsorg: no header page, items written "N. Title" -------------

SAMRAD_ITEMS = [
    ("1", "Godkännande av föredragningslista", "beslut", []),
    ("2", "Föregående protokoll", "beslut", []),
    ("3", "Samsjuklighetsutredningen", "information", ["Ola Knutsson", "Lena Häggström"]),
    (
        "4",
        "Angående nya förutsättningar på området psykisk hälsa och suicidprevention (f.d. UPH medel)",
        "information",
        ["Monica Wahlström"],
    ),
    ("5", "Regionala strategin för suicidprevention", "beslut", ["Emma Wasara"]),
    (
        "6",
        "Implementering av dokumenterad överenskommelse (tidigare patientkontrakt) – fasta vårdkontakter och SIP",
        "information",
        ["Dagmar Schröder"],
    ),
    ("7", "Reviderad överenskommelse – Egenvård", "information", ["Dagmar Schröder", "Ewa Hemmingsson"]),
    ("8", "God och nära vård, gemensam plan för primärvården", "information", ["Pernilla Henriksson"]),
    (
        "9",
        "Aktuellt läge implementering Lifecare sammanhållen plan",
        "information",
        ["Anders Wink", "Camilla Andersson"],
    ),
    ("10", "Ärenden till Länssamverkansgruppen", None, []),
    ("11", "Övriga frågor", None, []),
    ("12", "Genomgång och sammanfattning av beslut", None, []),
    ("13", "Nästa möte", None, []),
]
SAMRAD_DECISIONS = {
    "1": "Samråd hälsa, vård och omsorg godkände föredragningslista\nJusterare till dagens möte beslutades till Roland Gustafsson",
    "2": "Föregående protokoll lades till handlingarna",
    "5": "Samråd hälsa, vård och omsorg beslutar:\n- att anta den Länsgemensamma strategin för suicidprevention i Västerbotten 2025–2030\n- att rekommendera fullmäktige i respektive huvudman att anta den Länsgemensamma strategin för suicidprevention i Västerbotten 2025–2030\n- när den länsgemensamma handlingsplanen för suicidprevention och psykisk hälsa är färdigställd, föreslås den Länsgemensamma strategin för suicidprevention i Västerbotten 2025–2030, ingå som en del i handlingsplanen. Särskilt beslut fattas om handlingsplanen i sin helhet.",
}
SAMRAD_ASSIGNMENTS = {
    "3": [
        (
            "uppdrag",
            "En delegation på Socialdepartementet",
            "förbereda genomförandet av utredningens förslag",
            None,
            False,
        ),
        ("uppdrag", "beredningen för vuxna och äldre", "skapa en länsövergripande arbetsgrupp", None, False),
    ],
    "5": [
        (
            "rekommendation",
            "fullmäktige i respektive huvudman",
            "anta den Länsgemensamma strategin för suicidprevention i Västerbotten 2025–2030",
            None,
            True,
        )
    ],
    "8": [
        (
            "uppdrag",
            "en arbetsgrupp",
            "utarbeta förslag till hur planen kan tas fram och en del i arbetet är ett gemensamt arbetsmöte för hela Länssamverkansgruppen för att diskutera hur arbetet ska göras",
            None,
            False,
        )
    ],
}


def test_samrad_meeting_facts_come_from_the_sidecar(samrad: Document) -> None:
    assert samrad.kind == "protocol"
    assert samrad.body == "Samråd hälsa, vård och omsorg"
    assert samrad.date is None  # not in the text, not in the sidecar: unknown, never invented
    assert samrad.diarienummer is None and samrad.place is None
    assert any("Datum saknas" in w for w in samrad.warnings)


def test_samrad_attendance_without_header_page(samrad: Document) -> None:
    a = samrad.attendance
    assert a is not None
    # Listed before any group heading survived: their group is unknown, so not guessed.
    assert [(p.name, p.party, p.organisation) for p in a.unspecified] == [
        ("Göran Gunnarsson", "L", "Dorotea kommun"),
        ("Ulla Norrman", "S", "Åsele kommun"),
        ("Anna-Stina Bergström", "V", "Malå kommun"),
    ]
    assert [(p.name, p.organisation) for p in a.others] == [
        ("Monica Wahlström", "FoU Socialtjänst"),
        ("Gunilla Larsson", "Region Västerbotten"),
        ("Sofia Ögren", "regional Hjälpmedelskoordinator"),
    ]
    assert a.present == [] and a.chair is None
    assert a.adjusters == ["Roland Gustafsson"]


def test_samrad_items(samrad: Document) -> None:
    assert [(i.number, i.title, i.kind, i.presenters) for i in samrad.items] == SAMRAD_ITEMS


def test_samrad_decisions_of_every_beslut_item(samrad: Document) -> None:
    assert {i.number: i.decision for i in samrad.items if i.kind == "beslut"} == SAMRAD_DECISIONS


def test_samrad_assignments(samrad: Document) -> None:
    got = {
        i.number: [(a.type, a.assignee, a.task, a.report_to, a.in_decision) for a in i.assignments]
        for i in samrad.items
        if i.assignments
    }
    assert got == SAMRAD_ASSIGNMENTS


def test_samrad_numbered_list_inside_an_item_is_not_an_item(samrad: Document) -> None:
    item4 = samrad.item("4")
    assert "1. genomförande av den nationella strategin" in item4.text
    assert "4. stärkt suicidpreventivt arbete." in item4.text
    assert len(samrad.items) == 13


def test_samrad_wrapped_lines_are_joined(samrad: Document) -> None:
    text = samrad.item("6").text
    assert "modell för implementering och uppföljning av den dokumenterade överenskommelse" in text
