"""Bad input gets a clear Swedish error naming the file; reading a folder goes on past it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.documents import DocumentError, parse_file, parse_folder
from tests.docfactory import (
    make_binary,
    make_empty,
    make_encrypted_pdf,
    make_scanned_pdf,
    make_text,
    make_zip_bomb_docx,
)

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RECIPE = "Kanelbullar\n\nIngredienser: 50 g jäst, 5 dl mjölk, 150 g smör.\nGör så här: smält smöret och värm mjölken.\n"


@pytest.mark.parametrize(
    ("make", "name", "reason"),
    [
        (make_empty, "tom.txt", "filen är tom"),
        (make_binary, "skräp.txt", "binär"),
        (make_scanned_pdf, "inskannad.pdf", "saknar textlager"),
        (make_encrypted_pdf, "låst.pdf", "lösenordsskyddad"),
        (make_zip_bomb_docx, "bomb.docx", "zip-bomb"),
        (lambda p: make_text(p, "Protokoll"), "protokoll.odt", "stöds inte"),
        (lambda p: make_text(p, " \n\t\n"), "tom.txt", "ingen text"),
    ],
)
def test_bad_file_gives_swedish_error_naming_the_file(tmp_path: Path, make, name: str, reason: str) -> None:
    path = make(tmp_path / name)
    with pytest.raises(DocumentError) as caught:
        parse_file(path)
    assert str(caught.value).startswith(f"{name}: ")
    assert reason in str(caught.value)


def test_broken_sidecar_is_reported(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "lanssamverkansgruppen-2026-02-20.txt", tmp_path / "lsg.txt")
    (tmp_path / "lsg.meta.toml").write_text('date = "20 februari"\n', encoding="utf-8")
    with pytest.raises(DocumentError, match="lsg.meta.toml: metadatafilen har ogiltiga värden"):
        parse_file(tmp_path / "lsg.txt")


def test_sidecar_overrides_kind_and_fills_date(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "samrad-halsa-vard-och-omsorg-2025-varen.txt", tmp_path / "samrad.txt")
    (tmp_path / "samrad.txt.meta.toml").write_text(
        'kind = "protocol"\nbody = "Samråd"\ndate = 2025-03-28\n', encoding="utf-8"
    )
    doc = parse_file(tmp_path / "samrad.txt")
    assert (doc.body, doc.date, doc.title) == ("Samråd", "2025-03-28", "Protokoll Samråd")
    assert not any("Datum saknas" in w for w in doc.warnings)


def test_folder_reads_good_files_and_lists_failures(tmp_path: Path) -> None:
    for source in CORPUS.iterdir():
        shutil.copy(source, tmp_path / source.name)
    make_empty(tmp_path / "tom.txt")
    make_binary(tmp_path / "data.pdf")
    make_text(tmp_path / "anteckning.rtf", "x")
    (tmp_path / ".dold.txt").write_text("ignoreras", encoding="utf-8")
    result = parse_folder(tmp_path)
    assert sorted(Path(d.source).name for d in result.documents) == [
        "lanssamverkansgruppen-2026-02-20.txt",
        "samrad-halsa-vard-och-omsorg-2025-varen.txt",
    ]
    failures = {Path(e.source).name: e.reason for e in result.failures}
    assert set(failures) == {"tom.txt", "data.pdf", "anteckning.rtf"}
    assert failures["tom.txt"] == "filen är tom"
    assert "PDF" in failures["data.pdf"]


def test_hostile_file_name_is_shown_safely(tmp_path: Path) -> None:
    path = make_empty(tmp_path / "ond\x1bnamn.txt")
    with pytest.raises(DocumentError) as caught:
        parse_file(path)
    assert "\x1b" not in str(caught.value)
    assert str(caught.value).startswith("ond\ufffdnamn.txt: ")


def test_an_unexpected_parser_fault_costs_one_file_not_the_folder(tmp_path: Path, monkeypatch, caplog) -> None:
    """Inject a crash into the protocol parser for one document; the folder read goes on."""
    import assistant.documents.parser as parser_module

    for source in CORPUS.iterdir():
        shutil.copy(source, tmp_path / source.name)
    real = parser_module.parse_protocol

    def crashing(lines):
        if any("Länssamverkansgruppen" in line.text for line in lines[:5]):
            raise ZeroDivisionError("injected")
        return real(lines)

    monkeypatch.setattr(parser_module, "parse_protocol", crashing)
    result = parse_folder(tmp_path)
    assert [Path(d.source).name for d in result.documents] == ["samrad-halsa-vard-och-omsorg-2025-varen.txt"]
    (failure,) = result.failures
    assert (
        str(failure) == "lanssamverkansgruppen-2026-02-20.txt: dokumentet kunde inte tolkas på grund av ett oväntat fel"
    )
    assert "ZeroDivisionError" in caplog.text  # the detail goes to the log, not to the user


def test_sidecar_kind_overrides_detection(tmp_path: Path) -> None:
    """Text too thin to be recognised is read as the kind its sidecar names."""
    path = make_text(
        tmp_path / "anvisning.txt",
        "Anvisning\n\n1 Syfte\nAtt beskriva arbetet.\n\n2 Ansvar\nEnheten ansvarar för det.\n",
    )
    assert parse_file(path).kind in ("agreement", "document")  # read, not refused, whatever its kind
    (tmp_path / "anvisning.meta.toml").write_text(
        'kind = "agreement"\ntitle = "Anvisning för arbetet"\n', encoding="utf-8"
    )
    doc = parse_file(path)
    assert (doc.kind, doc.title) == ("agreement", "Anvisning för arbetet")
    assert [(i.number, i.title, i.kind) for i in doc.numbered_items()] == [
        ("1", "Syfte", "avsnitt"),
        ("2", "Ansvar", "avsnitt"),
    ]
    assert doc.item("2").assignments[0].assignee == "Enheten"


def test_cancelled_meeting_without_items_keeps_its_facts(tmp_path: Path) -> None:
    text = "Protokoll Socialnämnden\nDatum: 2025-04-03\n\nNärvarande\nAnna Berg (S), ordförande\n\nMötet ställdes in.\n"
    doc = parse_file(make_text(tmp_path / "installt.txt", text))
    assert (doc.body, doc.date, doc.items) == ("Socialnämnden", "2025-04-03", [])
    assert doc.attendance is not None and doc.attendance.chair == "Anna Berg"
    assert any("Inga numrerade ärenden" in w for w in doc.warnings)


def test_two_meetings_in_one_file_are_not_mixed(tmp_path: Path) -> None:
    """The second meeting's decisions must never be cited with the first meeting's date."""
    meeting = (
        "PROTOKOLL\nBeredning för vuxna och äldre\nDatum: {date}\n\nNärvarande\nAnna Berg, ordförande\n\n"
        "§ 1 Val av justerare\nPer Ek utses att justera protokollet.\n\n§ 2 {title}\n{decision}\n\n"
    )
    text = meeting.format(date="2025-04-03", title="Uppföljning", decision="Informationen är delgiven.")
    text += meeting.format(
        date="2025-05-08", title="Heldygnsvård", decision="Beredningen ger Eva Ek i uppdrag att utreda frågan."
    )
    doc = parse_file(make_text(tmp_path / "tva-moten.txt", text))
    assert doc.date == "2025-04-03"
    assert [(i.number, i.title) for i in doc.numbered_items()] == [("1", "Val av justerare"), ("2", "Uppföljning")]
    assert "Eva Ek" not in doc.item("2").text and not doc.item("2").assignments
    assert any("mer än ett protokoll" in w for w in doc.warnings)
    # The second meeting is not lost: it is searchable as passages of its own, cited by paragraph.
    pasted = [i for i in doc.items if not i.numbered]
    assert pasted and "Eva Ek i uppdrag" in " ".join(i.text for i in pasted)
    assert all(i.cited_as and i.cited_as.startswith("stycke ") for i in pasted)
