"""Item fields on small protocols: each test is one convention found in real protocols."""

from __future__ import annotations

from assistant.documents import Document, parse_text


def protocol(body: str) -> Document:
    head = (
        "Protokoll Länssamverkansgruppen\nDatum: 2025-10-17\n\nNärvarande\nLena Ek, Region Västerbotten, ordförande\n\n"
    )
    return parse_text(head + body, source="test.txt")


def test_presenter_with_organisation_between_name_and_verb() -> None:
    doc = protocol(
        "§ 1 Planen\nAnna Berg, Region Västerbotten, informerade om planen.\n\n"
        "§ 2 Rutinen\nPer Holm (Umeå kommun) föredrog ärendet.\n\n"
        "§ 3 Budget\nEkonomichef Ulla Viklund redogjorde för utfallet.\n\n"
        "§ 4 Skolan\nFöredragande: skolchef Maria Ek\n"
    )
    assert [i.presenters for i in doc.items] == [["Anna Berg"], ["Per Holm"], ["Ulla Viklund"], ["Maria Ek"]]


def test_assignment_parts_from_a_decision_formula() -> None:
    doc = protocol(
        "§ 1 Lägesrapport\nLänssamverkansgruppen beslutar att lägga informationen till handlingarna och att ge "
        "beredningen för barn och unga i uppdrag att återkomma med en lägesrapport.\n\n"
        "§ 2 Uppföljning\nBeslut\nBeredningen för vuxna och äldre får i uppdrag att följa upp införandet och "
        "återrapportera till Länssamverkansgruppen senast 2026-03-31.\n\n"
        "§ 3 Ansvar\nBeslut\nHuvudmännen ansvarar gemensamt för att rutinen införs.\n"
    )
    (given,) = doc.item("1").assignments
    assert (given.assignee, given.assigned_by) == ("beredningen för barn och unga", "Länssamverkansgruppen")
    (followup,) = doc.item("2").assignments
    assert (followup.report_to, followup.deadline) == ("Länssamverkansgruppen", "2026-03-31")
    (shared,) = doc.item("3").assignments
    assert (shared.type, shared.assignee, shared.task) == ("ansvar", "Huvudmännen", "rutinen införs")


def test_a_beslut_block_makes_a_decision_item_whatever_its_verb() -> None:
    doc = protocol(
        "§ 1 Val av justerare\nBeslut\nArbetsutskottet utser Jim Lindberg att justera protokollet.\n\n"
        "§ 2 Rekommendation\nBeslut\nLänssamverkansgruppen rekommenderar länets kommuner att införa rutinen.\n\n"
        "§ 3 Mötet öppnas\nOrdföranden öppnade mötet.\n"
    )
    assert [i.kind for i in doc.items] == ["beslut", "beslut", None]


def test_a_repeated_decision_sentence_is_not_page_furniture() -> None:
    same = "Beslut\nRutinen fastställs och gäller från och med 2026-01-01.\n\n"
    doc = protocol("".join(f"§ {n} Rutin {n}\nRutinen har tagits fram.\n{same}" for n in (4, 5, 6)))
    assert [i.decision for i in doc.items] == ["Rutinen fastställs och gäller från och med 2026-01-01."] * 3


def test_agreement_with_chapters() -> None:
    text = (
        "Vägledning för samordnad individuell planering\nFastställd 2024-12-06\n\n"
        "Kapitel 1 Bakgrund\nSIP infördes 2010.\n\nKapitel 2 Ansvar\nHuvudmännen delar ansvaret.\n\n"
        "2.1 Kommunens ansvar\nKommunen ansvarar för att kalla till SIP.\n\n"
        "2.2 Regionens ansvar\nRegionen ansvarar för läkemedelsgenomgången.\n\n"
        "Kapitel 3 Uppföljning\nPlanen följs upp årligen.\n1. Samla in underlag.\n2. Planen följs upp.\n"
    )
    doc = parse_text(text, source="vagledning.txt")
    assert doc.kind == "agreement"
    assert [(i.number, i.title) for i in doc.numbered_items()] == [
        ("1", "Bakgrund"),
        ("2", "Ansvar"),
        ("2.1", "Kommunens ansvar"),
        ("2.2", "Regionens ansvar"),
        ("3", "Uppföljning"),
    ]
    assert "2. Planen följs upp." in doc.item("3").text
