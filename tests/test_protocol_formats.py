"""Protocols in other conventions and file formats: § numbering, `Ärende N`, page furniture,
hyphenation, `Nämnden beslutar att …`, and the same protocol as PDF, DOCX, HTML and cp1252 text."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.documents import Document, parse_file
from tests.docfactory import make_docx, make_html, make_numbered_docx, make_pdf, make_text

DATA = Path(__file__).resolve().parent / "data"
PARAGRAPH_PROTOCOL = DATA / "socialnamnden-2025-03-12.txt"
ARENDE_PROTOCOL = DATA / "vardsamverkan-arende.md"
FURNITURE = ("Justerandes signatur", "Utdragsbestyrkande", "SAMMANTRÄDESPROTOKOLL", "LYCKSELE KOMMUN", "(4)")


@pytest.fixture(scope="module")
def social() -> Document:
    return parse_file(PARAGRAPH_PROTOCOL)


def test_paragraph_protocol_facts(social: Document) -> None:
    assert (social.kind, social.body, social.date) == ("protocol", "Socialnämnden", "2025-03-12")
    assert social.diarienummer == "SN 2025/0031"
    assert social.time == "13.00–16.30"
    assert social.place == "Kommunhuset, sal Gammplatsen"
    a = social.attendance
    assert a is not None
    assert [p.name for p in a.present] == ["Anna Berg", "Per Nilsson", "Kerstin Lund", "Ahmed Yusuf", "Lena Ek"]
    assert a.present[0].party == "S" and a.present[0].role == "ordförande"
    assert [p.name for p in a.substitutes] == ["Olof Stenberg"]
    assert (a.chair, a.vice_chair, a.secretary, a.adjusters) == (
        "Anna Berg",
        "Per Nilsson",
        "Johan Lindqvist",
        ["Per Nilsson"],
    )


def test_paragraph_protocol_items(social: Document) -> None:
    assert [(i.number, i.title, i.kind) for i in social.items] == [
        ("45", "Val av justerare", "beslut"),
        ("46", "Information om ekonomiskt läge", "information"),
        ("47", "Riktlinje för hemtjänst i ordinärt boende", "beslut"),
        ("48", "Delegationsordning, revidering", "beslut"),
        ("49", "Anmälningsärenden", "information"),
    ]
    assert social.item("46").presenters == ["Maria Håkansson"]
    assert social.item("47").presenters == ["Eva Sjöberg"]
    assert social.item("49").presenters == ["Johan Lindqvist"]


def test_page_furniture_never_splits_or_enters_items(social: Document) -> None:
    for item in social.items:
        for furniture in FURNITURE:
            assert furniture not in item.text, (item.number, furniture)
    # § 46 runs across a page break and its last sentence is intact.
    assert "Åtgärder har påbörjats för att minska kostnaderna." in social.item("46").text
    assert "Vid protokollet" not in social.item("49").text


def test_hyphenation_across_lines_is_mended(social: Document) -> None:
    assert "bemanningskostnaderna" in social.item("46").text
    assert "socialtjänstlagen" in social.item("47").text
    assert "individ- och familjeomsorgen" in social.item("48").text


def test_beslutar_att_list_is_the_decision(social: Document) -> None:
    decision = social.item("47").decision
    assert decision == (
        "Socialnämnden beslutar\n"
        "- att anta riktlinjen för hemtjänst i ordinärt boende enligt förslag,\n"
        "- att riktlinjen gäller från och med den 1 maj 2025, samt\n"
        "- att uppdra åt socialchefen att senast den 30 september 2025 återrapportera hur riktlinjen har tillämpats.\n"
        "Äldreomsorgen ansvarar för att informera berörd personal om riktlinjen."
    )
    assert "Beslutsunderlag" not in decision and "Expedieras" not in decision
    assert social.item("45").decision == (
        "Socialnämnden beslutar att utse Per Nilsson att jämte ordföranden justera dagens protokoll."
    )


def test_assignments_in_paragraph_protocol(social: Document) -> None:
    commission, responsibility = social.item("47").assignments
    assert (commission.type, commission.assignee, commission.deadline) == (
        "uppdrag",
        "socialchefen",
        "30 september 2025",
    )
    assert commission.in_decision
    assert (responsibility.type, responsibility.assignee) == ("ansvar", "Äldreomsorgen")
    delegated = [a for a in social.item("48").assignments if a.type == "delegering"]
    assert {a.task for a in delegated} == {
        "beslut om tillfälliga boendeinsatser",
        "Beslut om tillfälliga boendeinsatser",
    }
    assert all(a.assignee == "enhetschef inom individ- och familjeomsorgen" for a in delegated)
    report = next(a for a in social.item("48").assignments if a.type == "återrapportering")
    assert (report.task, report.report_to) == ("Delegationsbesluten", "socialnämnden")


def test_arende_protocol_in_markdown() -> None:
    doc = parse_file(ARENDE_PROTOCOL)
    assert (doc.body, doc.date, doc.place, doc.time) == (
        "Vårdsamverkansgruppen",
        "2025-10-15",
        "Regionens hus, Skellefteå",
        "09.00–12.00",
    )
    assert [(i.number, i.title, i.kind) for i in doc.items] == [
        ("1", "Mötets öppnande", None),
        ("2", "Samordnad individuell plan (SIP)", "information"),
        ("3", "Gemensam rutin för läkemedelshantering", "beslut"),
        ("4", "Övriga frågor", None),
    ]
    assert doc.item("2").decision == "Informationen noteras."
    assert "1. Fler utbildningstillfällen planeras." in doc.item("2").text
    (task,) = doc.item("3").assignments
    assert (task.type, task.assignee, task.deadline) == ("uppdrag", "MAS i respektive kommun", "hösten 2025")
    assert doc.attendance is not None
    assert [p.name for p in doc.attendance.present] == ["Lisa Strand", "Mats Öberg", "Helena Vik"]
    assert (doc.attendance.chair, doc.attendance.secretary) == ("Lisa Strand", "Mats Öberg")


def _pages(text: str) -> list[str]:
    """The § protocol split into PDF pages where its page footers stand."""
    pages, current = [], []
    for line in text.splitlines():
        current.append(line)
        if line.startswith("Justerandes signatur"):
            pages.append("\n".join(current))
            current = []
    pages.append("\n".join(current))
    return pages


def test_generated_pdf_protocol(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "socialnamnden.pdf", _pages(PARAGRAPH_PROTOCOL.read_text(encoding="utf-8")))
    doc = parse_file(pdf)
    assert doc.format == "pdf" and doc.body == "Socialnämnden" and doc.date == "2025-03-12"
    assert [i.number for i in doc.numbered_items()] == ["45", "46", "47", "48", "49"]
    assert doc.item("47").title == "Riktlinje för hemtjänst i ordinärt boende"
    assert doc.item("47").decision.startswith("Socialnämnden beslutar\n- att anta riktlinjen")
    for item in doc.items:
        assert "Justerandes signatur" not in item.text and "SAMMANTRÄDESPROTOKOLL" not in item.text
    assert "bemanningskostnaderna" in doc.item("46").text


def test_generated_docx_protocol_with_agenda_table(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "lsg.docx",
        [
            "Protokoll Länssamverkansgruppen",
            "Datum: 2026-04-17",
            "Plats: Teams",
            "Närvarande",
            "Ida Lestander, ordförande",
        ],
        table=[
            ["1", "Mötet öppnas", ""],
            ["2", "Val av justerare", "Beslut"],
            ["", "Beslut", ""],
            ["", "Anna Berg justerar protokollet tillsammans med ordförande.", ""],
            ["3", "Samverkan kring äldres hälsa", "Information"],
            ["", "Karin Åberg redogjorde för läget.", ""],
        ],
    )
    doc = parse_file(path)
    assert (doc.format, doc.body, doc.date, doc.place) == ("docx", "Länssamverkansgruppen", "2026-04-17", "Teams")
    assert [(i.number, i.title, i.kind) for i in doc.items] == [
        ("1", "Mötet öppnas", None),
        ("2", "Val av justerare", "beslut"),
        ("3", "Samverkan kring äldres hälsa", "information"),
    ]
    assert doc.item("2").decision == "Anna Berg justerar protokollet tillsammans med ordförande."
    assert doc.item("3").presenters == ["Karin Åberg"]
    assert doc.attendance is not None and doc.attendance.adjusters == ["Anna Berg"]


def test_html_protocol(tmp_path: Path) -> None:
    body = (
        "<h1>Protokoll Socialnämnden</h1><p>Datum: 2025-05-20</p>"
        "<h2>§ 12 Budgetuppföljning</h2><p>Ekonomichefen redovisade läget.</p>"
        "<p>Socialnämnden beslutar att godkänna uppföljningen.</p>"
        "<h2>§ 13 Övriga frågor</h2><p>Inga övriga frågor.</p>"
    )
    doc = parse_file(make_html(tmp_path / "sn.html", body))
    assert (doc.body, doc.date) == ("Socialnämnden", "2025-05-20")
    assert [(i.number, i.title) for i in doc.items] == [("12", "Budgetuppföljning"), ("13", "Övriga frågor")]
    assert doc.item("12").decision == "Socialnämnden beslutar att godkänna uppföljningen."


@pytest.mark.parametrize(("encoding", "bom"), [("cp1252", False), ("utf-8", True), ("utf-16", False)])
def test_encodings_keep_swedish_letters(tmp_path: Path, encoding: str, bom: bool) -> None:
    text = PARAGRAPH_PROTOCOL.read_text(encoding="utf-8")
    doc = parse_file(make_text(tmp_path / f"sn-{encoding}.txt", text, encoding=encoding, bom=bom))
    assert doc.body == "Socialnämnden"
    assert doc.item("47").title == "Riktlinje för hemtjänst i ordinärt boende"
    assert doc.item("46").presenters == ["Maria Håkansson"]
    assert doc.item("47").decision == parse_file(PARAGRAPH_PROTOCOL).item("47").decision


def test_running_headers_dnr_headings_and_agenda_list() -> None:
    """'Sida 2 av 3' footers with a running header above them, '§ 1   Dnr …' with the title on the
    next line, an agenda list numbered like the items, and a weekday in the date line."""
    doc = parse_file(DATA / "halso-och-sjukvardsnamnden-2025-03-11.txt")
    assert (doc.body, doc.date, doc.place) == ("Hälso- och sjukvårdsnämnden", "2025-03-11", "Regionens hus, Umeå")
    assert doc.title == "Protokoll Hälso- och sjukvårdsnämnden"
    assert [(i.number, i.title, i.kind) for i in doc.items] == [
        ("1", "Val av justerare", "beslut"),
        ("2", "Ekonomisk rapport", "information"),
        ("3", "Vårdplatser i Skellefteå", "beslut"),
    ]
    for item in doc.items:
        assert "PROTOKOLL" not in item.text and "Sida" not in item.text
    assert doc.item("2").text.endswith("Nämnden beslutar att lägga rapporten till handlingarna.")
    assert doc.item("3").decision == (
        "Hälso- och sjukvårdsnämnden beslutar\n"
        "- att utöka antalet vårdplatser med tio från den 1 juni 2025,\n"
        "- att ge hälso- och sjukvårdsdirektören i uppdrag att återrapportera till nämnden i december 2025."
    )
    (commission,) = doc.item("3").assignments
    assert (commission.type, commission.assignee, commission.deadline) == (
        "uppdrag",
        "hälso- och sjukvårdsdirektören",
        "december 2025",
    )
    assert doc.attendance is not None and doc.attendance.adjusters == ["Per Nilsson"]


def test_docx_with_word_automatic_paragraph_numbering(tmp_path: Path) -> None:
    path = make_numbered_docx(
        tmp_path / "beredning.docx",
        ["PROTOKOLL", "Beredning barn och unga", "Datum: 2025-03-20", "Närvarande", "Erika Holmberg, ordförande"],
        [
            ("Val av justerare", ["Sara Johansson utses att justera protokollet."]),
            ("Barnahus Västerbotten", ["Erika Holmberg informerade om etableringen.", "Informationen är delgiven."]),
            ("Gemensam rutin för orosanmälan", ["Beslut", "Beredningen beslutar att anta rutinen."]),
        ],
        pattern="§ %1",
        start=45,
    )
    doc = parse_file(path)
    assert (doc.body, doc.date) == ("Beredning barn och unga", "2025-03-20")
    assert [(i.number, i.title, i.kind) for i in doc.items] == [
        ("45", "Val av justerare", "beslut"),
        ("46", "Barnahus Västerbotten", "information"),
        ("47", "Gemensam rutin för orosanmälan", "beslut"),
    ]
    assert doc.item("47").decision == "Beredningen beslutar att anta rutinen."
