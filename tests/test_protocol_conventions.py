"""Protocols in conventions the seeds do not show, written to be unlike each other: two-column
municipal headers with signature blocks, markdown, Word-table exports, `VON § 34` headings,
"Punkt 3", "Ärende 3. TITLE", role labels with parties, and decisions as "X beslutar" + points."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.documents import Document, parse_file

DATA = Path(__file__).resolve().parent / "data"


def doc(name: str) -> Document:
    return parse_file(DATA / name)


@pytest.fixture(scope="module")
def ks() -> Document:
    return doc("kommunstyrelsen-2025-04-07.txt")


def test_two_column_municipal_header(ks: Document) -> None:
    assert (ks.body, ks.date, ks.time, ks.place) == (
        "Kommunstyrelsen",
        "2025-04-07",
        "13.00–15.30",
        "Kommunhuset, sammanträdesrum Älven",
    )
    a = ks.attendance
    assert a is not None
    assert [p.name for p in a.present] == [
        "Anna Andersson",
        "Björn Karlsson",
        "Cecilia Dahl",
        "Erik Fransson",
        "Gunilla Holm",
        "Ingrid Jonsson",
    ]
    assert (a.present[0].party, a.present[0].role) == ("S", "ordförande")
    assert [p.name for p in a.substitutes] == ["Maja Nord", "Olle Persson"]
    assert [(p.name, p.organisation) for p in a.others][0] == ("Rebecka Sundin", "kommundirektör")
    # "Utses att justera" and the "Underskrifter" block with names under the labels.
    assert (a.chair, a.vice_chair, a.secretary, a.adjusters) == (
        "Anna Andersson",
        "Björn Karlsson",
        "Tomas Ulfsson",
        ["Björn Karlsson"],
    )
    assert a.unspecified == []


def test_municipal_items_titles_and_decisions(ks: Document) -> None:
    assert [i.number for i in ks.numbered_items()] == [str(n) for n in range(112, 119)]
    assert (
        ks.item("115").title == "Svar på motion från Maja Nord (V) om fossilfria tjänstefordon i kommunens verksamheter"
    )
    assert ks.item("114").decision.startswith("Kommunstyrelsen beslutar\n1. Kommunstyrelsen godkänner")
    assert ks.item("113").presenters == ["Ulla Viklund"]  # "Ekonomichef Ulla Viklund redogjorde"
    assert ks.item("118").presenters == ["Rebecka Sundin"]
    (commission,) = ks.item("114").assignments
    assert (commission.assignee, commission.deadline, commission.in_decision) == ("Kommundirektören", "juni 2025", True)
    for item in ks.items:
        assert "Justerandes sign" not in item.text and "SAMMANTRÄDESPROTOKOLL" not in item.text


def test_markdown_protocol_with_emphasised_labels() -> None:
    rs = doc("regionstyrelsen-2025-03-12.md")
    assert (rs.body, rs.date, rs.diarienummer) == ("Regionstyrelsen", "2025-03-12", "RS 2025/118")
    assert rs.place == "Regionens hus, sammanträdesrum Vindeln, Umeå"
    a = rs.attendance
    assert a is not None and len(a.present) == 5 and a.unspecified == []
    assert (a.chair, a.vice_chair, a.secretary, a.adjusters) == (
        "Anna Andersson",
        "Bertil Ek",
        "Eva Hedlund",
        ["Bertil Ek"],
    )
    assert rs.item("6").presenters == ["Dan Gustafsson"]  # "Informerar regiondirektör Dan Gustafsson om:"
    assert rs.item("7").decision.startswith("Regionstyrelsen föreslår regionfullmäktige besluta\n1. Årsredovisningen")
    assert "2. Överskottet" in rs.item("7").decision
    assert "Expedieras" not in rs.item("8").decision
    assert "Vid protokollet" not in rs.items[-1].text


def test_word_table_export() -> None:
    sg = doc("samverkansgrupp-barn-och-unga-2025-03-12.txt")
    assert (sg.body, sg.date) == ("Samverkansgrupp barn och unga, Skellefteå", "2025-03-12")
    a = sg.attendance
    assert a is not None
    assert (a.present[0].name, a.present[0].organisation, a.present[0].role) == (
        "Karin Vik",
        "Skellefteå kommun, socialtjänsten",
        "ordförande",
    )
    assert [p.name for p in a.absent] == ["Rut Ulander"]
    assert (a.chair, a.secretary, a.adjusters) == ("Karin Vik", "Lars Berg", ["Oskar Sund"])
    item = sg.item("3")
    assert item.title == "SIP-utbildning hösten 2025"
    assert item.decision.startswith("Gruppen beslutar att genomföra två utbildningstillfällen")
    assert [(x.assignee, x.task) for x in item.assignments] == [("Lars Berg", "boka lokal")]


def test_abbreviated_paragraph_headings_and_continued_items() -> None:
    von = doc("vard-och-omsorgsnamnden-2025-11-05.txt")
    assert von.body == "Vård- och omsorgsnämnden"
    assert [i.number for i in von.numbered_items()] == ["34", "35", "36", "37", "38"]  # "VON § 34", "VON § 36 forts."
    assert von.item("34").decision == "Rolf Nyström utses att jämte ordföranden justera protokollet."
    assert von.attendance is not None and von.attendance.adjusters == ["Rolf Nyström"]
    assert "Omedelbar justering" not in von.items[-1].text
    commission = von.item("36").assignments[0]
    assert (commission.assignee, commission.deadline) == ("förvaltningen", "juni 2026")


def test_owner_of_a_generic_board_and_running_header() -> None:
    sf = doc("samordningsforbundet-styrelse-2025-03-12.txt")
    assert sf.body == "Samordningsförbundet Södra Lappland, styrelsen"
    assert [i.number for i in sf.numbered_items()] == ["1", "2", "3", "4", "5"]  # "Punkt 3 …"
    text = sf.item("3").text
    assert "Protokoll 2025-03-12" not in text and "Sida 1 av 2" not in text
    assert "studerar" in text and "hälso- och sjukvård" in text
    assert "1. insatser för unga 16–29 år," in text  # a list, not items
    assert sf.item("3").decision.startswith("Styrelsen beslutar\n- att fastställa verksamhetsplan")


def test_uppercase_titles_inline_decisions_and_role_labels() -> None:
    au = doc("socialnamndens-arbetsutskott-2025-03-12.txt")
    assert (au.body, au.date, au.time) == ("Socialnämndens arbetsutskott", "2025-03-12", "13.00–15.30")
    a = au.attendance
    assert a is not None
    assert (a.chair, a.vice_chair, a.secretary, a.adjusters) == (
        "Lena Åberg",
        "Mikael Strand",
        "Petra Grahn",
        ["Mikael Strand"],
    )
    assert a.present[0].name == "Lena Åberg" and a.present[0].party == "S"
    assert au.item("6").title == "UPPFÖLJNING AV OROANMÄLNINGAR 2024"  # soft hyphen gone
    assert au.item("5").decision == (
        "Arbetsutskottet föreslår socialnämnden att anta de reviderade riktlinjerna för ekonomiskt bistånd."
    )
    (task,) = au.item("7").assignments
    assert (task.assignee, task.in_decision) == ("Socialchefen", True)
    assert au.item("7").kind == "beslut"
