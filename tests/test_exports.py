"""What meeting systems and staff export: Ciceron/Netpublicator-style texts, tab tables, sub-items,
numbering like "1 §", "0)", "3a.", party lists, agreements numbered with § or "Steg", invisible
characters, and an agenda that must not pass for a protocol. Written as adversarial tests."""

from __future__ import annotations

from pathlib import Path

from assistant.documents import Document, parse_file

ADV = Path(__file__).resolve().parent / "data" / "adv"


def doc(prefix: str) -> Document:
    (path,) = ADV.glob(f"{prefix}*")
    return parse_file(path)


def test_number_before_sign_and_party_lists() -> None:
    kf = doc("01-")
    assert (kf.body, kf.date) == ("Kommunfullmäktige", "2025-05-14")
    assert [i.number for i in kf.numbered_items()] == ["1", "2", "3", "4", "5", "6"]  # "1 §  Val av justerare"
    a = kf.attendance
    assert a is not None
    by_name = {p.name: p for p in a.present}
    assert (by_name["Anna Berg"].party, by_name["Anna Berg"].role) == ("S", "ordförande")
    assert by_name["Carl von Platen"].party == "M" and by_name["Jonas Lind Andersson"].party == "S"
    assert (a.chair, a.vice_chair) == ("Anna Berg", "Carl von Platen")


def test_sub_items_and_a_repeated_number_stay_separate() -> None:
    iu = doc("06-")
    assert [i.number for i in iu.numbered_items()] == ["1", "2", "3", "3", "4", "4 a", "4 b", "5"]
    second_three = iu.items[3]
    assert second_three.title == "Vård av unga, omedelbart omhändertagande"
    assert "LVU" in second_three.decision and "LVU" not in iu.items[2].decision
    assert iu.item("4 a").decision == "Individutskottet beslutar att placera barnet i familjehem enligt förslag."
    assert "§ 4 b" not in iu.item("4 a").text
    # The meeting's date, not the date the notice was posted.
    assert iu.date == "2025-05-14"


def test_parenthesis_numbering_from_zero_and_letter_sub_items() -> None:
    lsg = doc("07-")
    assert [i.number for i in lsg.numbered_items()] == ["0", "1", "2", "3", "3 a", "3 b", "4", "5"]
    assert all(p.organisation is None or "redogjorde" not in p.organisation for p in lsg.attendance.present)


def test_tab_separated_table_rows() -> None:
    nv = doc("11-")
    item = nv.item("3")
    assert item.title == "Hemsjukvård – ny överenskommelse"
    assert item.decision.startswith("Gruppen beslutar att ställa sig bakom förslaget")


def test_capital_labels_are_not_page_furniture() -> None:
    sn = doc("12-")
    decision = sn.item("102").decision
    assert decision == "Socialnämnden beslutar att anta riktlinjen för handläggning av ekonomiskt bistånd."
    assert "EXPEDIERAS TILL" in sn.item("102").text


def test_invisible_characters_do_not_split_words() -> None:
    lsg = doc("13-")
    assert lsg.body == "Länssamverkansgruppen"
    assert "\u200b" not in lsg.text and all("\u200b" not in i.title for i in lsg.items)


def test_agenda_is_read_as_an_agenda_of_proposals() -> None:
    """A kallelse is what staff save and search: read as its own kind, its items as proposals."""
    agenda = doc("02-")
    assert agenda.kind == "agenda" and agenda.is_meeting and agenda.structure == "items"
    assert len(agenda.numbered_items()) >= 3
    assert not any(item.kind == "beslut" for item in agenda.items)  # nothing on an agenda is decided yet


def test_agreements_numbered_with_sign_or_steps() -> None:
    hs = doc("08-")
    assert hs.kind == "agreement"
    assert [i.number for i in hs.numbered_items()][:3] == ["1", "2", "3"] and hs.numbered_items()[0].title == "Parter"
    rutin = doc("10-")
    assert rutin.kind == "agreement"
    assert [(i.number, i.title) for i in rutin.numbered_items()] == [
        ("1", "Kallelse"),
        ("2", "Förberedelse"),
        ("3", "Genomgång"),
        ("4", "Uppföljning"),
    ]


def test_names_with_particles_initials_and_titles() -> None:
    ks = doc("namn-")
    names = [(p.name, p.party) for p in ks.attendance.present]
    assert ("Carl von Platen", "M") in names and ("Ebba af Klercker", "KD") in names
    assert ("A. Berg", "V") in names and ("Helena Strand", "L") in names and ("Ulf Bergström", "C") in names
    assert ks.attendance.chair == "Carl von Platen" and ks.attendance.adjusters == ["Ebba af Klercker"]
    assert [i.kind for i in ks.items] == ["beslut", "information", "information"]
