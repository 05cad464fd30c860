"""Agreements: section outline, section text, title-page metadata, and telling kinds apart.

The golden documents under tests/data are written like real länsgemensamma
överenskommelser and riktlinjer: a title page, a table of contents with dot leaders,
page headers and page numbers between pages, words hyphenated across lines, numbered
lists inside sections, dates and legal references at the start of lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.documents.agreement import (
    AgreementMeta,
    agreement_metadata,
    parse_sections,
)
from assistant.documents.classify import detect_kind
from assistant.documents.lines import mark_furniture, split_lines
from assistant.documents.models import Item

DATA = Path(__file__).parent / "data"
SEEDS = Path("/work/shared/seeds")
SEED_FILES = ["000_fa8ff7ff392d754a.txt", "001_50536fa855e8041f.txt"]


def _lines(text: str):
    return mark_furniture(split_lines(text))


def _sections(text: str) -> list[Item]:
    return parse_sections(_lines(text))


def _outline(text: str) -> list[tuple[str, str]]:
    return [(item.number, item.title) for item in _sections(text)]


@pytest.fixture(scope="module")
def utskrivning() -> str:
    return (DATA / "overenskommelse_utskrivning.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def utskrivning_items(utskrivning: str) -> dict[str, Item]:
    return {item.number: item for item in _sections(utskrivning)}


@pytest.fixture(scope="module")
def egenvard() -> str:
    return (DATA / "riktlinje_egenvard.md").read_text(encoding="utf-8")


# --- sections of the plain-text agreement --------------------------------------------------


def test_outline_is_exactly_the_numbered_sections(utskrivning: str) -> None:
    assert _outline(utskrivning) == [
        ("1", "Inledning"),
        ("2", "Syfte och mål"),
        ("2.1", "Syfte"),
        ("2.2", "Mål"),
        ("3", "Ansvarsfördelning"),
        ("3.1", "Regionens ansvar"),
        ("3.1.1", "Slutenvårdens ansvar"),
        ("3.1.2", "Öppenvårdens ansvar"),
        ("3.2", "Kommunens ansvar"),
        ("4", "Samordnad planering"),
        ("5", "Betalningsansvar"),
        ("6", "Uppföljning"),
        ("7", "Giltighetstid"),
    ]


def test_items_are_sections_without_protocol_fields(utskrivning_items: dict[str, Item]) -> None:
    for item in utskrivning_items.values():
        assert item.kind == "avsnitt"
        assert item.presenters == []
        assert item.decision is None
        assert item.assignments == []


def test_offsets_point_at_the_heading_in_the_source(utskrivning: str, utskrivning_items: dict[str, Item]) -> None:
    for item in utskrivning_items.values():
        assert utskrivning[item.start :].startswith(f"{item.number} {item.title}\n")
        assert item.start < item.end
        assert not utskrivning[item.end - 1].isspace()
    assert utskrivning_items["7"].end == len(utskrivning.rstrip())
    kommun = utskrivning_items["3.2"]
    assert utskrivning[kommun.start : kommun.end].endswith("delta i samordnad planering.")


def test_sections_are_in_document_order_and_do_not_overlap(utskrivning_items: dict[str, Item]) -> None:
    items = list(utskrivning_items.values())
    for earlier, later in zip(items, items[1:]):
        assert earlier.end < later.start


def test_chapter_heading_followed_by_subsection_has_empty_text(utskrivning_items: dict[str, Item]) -> None:
    assert utskrivning_items["2"].text == ""
    assert utskrivning_items["3"].text == ""
    assert utskrivning_items["3.1"].text == ""


def test_section_text_is_its_own_body(utskrivning_items: dict[str, Item]) -> None:
    assert utskrivning_items["3.1.2"].text == (
        "Regionen ansvarar för att den fasta vårdkontakten i öppenvården utses innan patienten "
        "lämnar sjukhuset. Den fasta vårdkontakten kallar till samordnad individuell planering (SIP) "
        "inom sju dagar efter utskrivningen."
    )
    assert utskrivning_items["6"].text.startswith("Överenskommelsen följs upp årligen av Länssamverkansgruppen.")
    assert "Kommunen ansvarar för att de insatser" in utskrivning_items["3.2"].text
    assert "Regionen ansvarar för att inskrivningsmeddelande" in utskrivning_items["3.1.1"].text


def test_section_text_has_no_page_furniture_or_table_of_contents(utskrivning_items: dict[str, Item]) -> None:
    for item in utskrivning_items.values():
        assert "Överenskommelse utskrivning" not in item.text
        assert "(6)" not in item.text
        assert "...." not in item.text
        assert "Innehåll" not in item.text
        assert not any(line.strip().isdigit() for line in item.text.splitlines())


def test_hyphenation_is_mended_within_and_across_pages(utskrivning_items: dict[str, Item]) -> None:
    assert "samverkansprocessen mellan huvudmännen" in utskrivning_items["2.1"].text
    # "betalnings-" ends page 5, "ansvar." starts page 6 after the page number and header
    assert "för kommunernas betalningsansvar. Betalningsansvaret" in utskrivning_items["5"].text
    assert "hälso- och sjukvård" in utskrivning_items["1"].text


def test_numbered_lists_inside_sections_are_text_not_sections(utskrivning_items: dict[str, Item]) -> None:
    kommun = utskrivning_items["3.2"].text.splitlines()
    assert "1. genomförande av beslutade insatser enligt socialtjänstlagen" in kommun
    assert "3. uppföljning av den enskildes behov efter hemkomsten" in kommun
    planering = utskrivning_items["4"].text.splitlines()
    assert planering[-1] == "5. Utskrivningsmeddelande skickas samma dag som utskrivningen."
    assert "3. Planeringen ska utgå från den enskildes behov och delaktighet." in utskrivning_items["2.2"].text


def test_dates_amounts_and_legal_references_stay_in_the_text(utskrivning_items: dict[str, Item]) -> None:
    assert "2017:612 gäller för alla patienter" in utskrivning_items["1"].text
    assert "20 % av vårdtillfällena" in utskrivning_items["3.1.1"].text
    assert "2025-03-01 fastställdes ersättningen" in utskrivning_items["5"].text


# --- the markdown riktlinje ---------------------------------------------------------------


def test_markdown_headings_dotted_numbers_and_appendices(egenvard: str) -> None:
    assert _outline(egenvard) == [
        ("1", "Inledning"),
        ("2", "Definitioner"),
        ("3", "Ansvar"),
        ("3.1", "Hälso- och sjukvårdens ansvar"),
        ("3.2", "Socialtjänstens ansvar"),
        ("4", "Uppföljning"),
        ("Bilaga 1", "Checklista för egenvårdsbedömning"),
        ("Bilaga 2", "Mall för egenvårdsplan"),
    ]


def test_markdown_offsets_and_list_of_appendices_stays_text(egenvard: str) -> None:
    items = {item.number: item for item in _sections(egenvard)}
    assert egenvard[items["3.1"].start :].startswith("### 3.1 Hälso- och sjukvårdens ansvar")
    assert egenvard[items["Bilaga 1"].start :].startswith("## Bilaga 1 Checklista")
    assert "Bilaga 2 Mall för egenvårdsplan" in items["4"].text
    assert "4. Kontaktuppgifter lämnas till den enskilde." in items["3.1"].text
    assert items["Bilaga 1"].text == (
        "1. Kan den enskilde själv utföra åtgärden?\n2. Behöver den enskilde hjälp av någon annan?"
    )


# --- sections: general rules on small documents ---------------------------------------------


def test_numbers_that_break_the_sequence_are_not_headings() -> None:
    text = (
        "1 Inledning\nHuvudmännen har kommit överens om samverkan.\n\n"
        "2 Ansvar\nHuvudmännen har kommit överens om följande.\n"
        "7 Kommuner deltar i det första skedet\noch övriga ansluter under hösten.\n"
        "2 Regionen ansvarar för läkemedel.\n\n"
        "3 Uppföljning\nÖverenskommelsen följs upp årligen.\n"
    )
    assert [number for number, _ in _outline(text)] == ["1", "2", "3"]


def test_table_of_contents_without_heading_or_leaders_is_skipped() -> None:
    text = (
        "Riktlinje för hjälpmedel\n\n1. Parter 2\n2. Bakgrund 2\n3. Ansvar 3\n3.1 Förskrivning 3\n\n"
        "1. Parter\nParter är regionen och kommunerna.\n"
        "2. Bakgrund\nHjälpmedel regleras i flera avtal.\n"
        "3. Ansvar\n3.1 Förskrivning\nFörskrivaren ansvarar för utprovning.\n"
    )
    items = _sections(text)
    assert [(i.number, i.title) for i in items] == [
        ("1", "Parter"),
        ("2", "Bakgrund"),
        ("3", "Ansvar"),
        ("3.1", "Förskrivning"),
    ]
    assert text[items[0].start :].startswith("1. Parter\nParter är")


def test_page_breaks_and_running_headers_do_not_split_a_section() -> None:
    text = (
        "AVTAL\n\nSamverkansavtal om IT-stöd\n"
        "\f1 Parter\nRegionen och kommunen är parter i avtalet och\n"
        "\fSamverkansavtal IT-stöd\nansvarar gemensamt för driften.\n\n2 Avtalstid\nAvtalet gäller två år.\n"
        "\fSamverkansavtal IT-stöd\n2.1 Förlängning\nAvtalet förlängs automatiskt.\n"
    )
    items = {item.number: item for item in _sections(text)}
    assert list(items) == ["1", "2", "2.1"]
    assert items["1"].text == ("Regionen och kommunen är parter i avtalet och ansvarar gemensamt för driften.")


def test_first_chain_may_start_with_a_subsection_in_an_excerpt() -> None:
    text = "3.1 Regionens ansvar\nRegionen ansvarar för läkemedel.\n\n3.2 Kommunens ansvar\nKommunen ansvarar för hemtjänst.\n"
    assert [number for number, _ in _outline(text)] == ["3.1", "3.2"]


def test_text_without_sections_gives_no_items() -> None:
    assert _sections("") == []
    assert _sections("Bara löptext utan numrerade rubriker.\nOch en rad till.") == []


# --- metadata ---------------------------------------------------------------------------


def test_metadata_of_the_plain_agreement(utskrivning: str) -> None:
    assert agreement_metadata(_lines(utskrivning)) == AgreementMeta(
        title="Länsgemensam överenskommelse om samverkan vid utskrivning från sluten hälso- och sjukvård",
        date="2025-03-01",
        body="Länssamverkansgruppen",
        diarienummer="RV 2024-01187",
    )


def test_metadata_of_the_markdown_riktlinje(egenvard: str) -> None:
    # no decision date is given, so the date it takes effect is the date
    assert agreement_metadata(_lines(egenvard)) == AgreementMeta(
        title="Egenvård – bedömning, planering och uppföljning",
        date="2026-01-01",
        body="Länssamverkansgruppen",
        diarienummer="LSG 2025/14",
    )


def test_title_after_a_kind_word_line_continues_in_lowercase() -> None:
    text = (
        "ÖVERENSKOMMELSE\nom hjälpmedel mellan Region Västerbotten\noch kommunerna i länet\n\n"
        "Fastställd av Länssamverkansgruppen 12 sept. 2024\nDnr. 2024/00123\n\n"
        "1 Parter\nRegionen och kommunerna.\n"
    )
    assert agreement_metadata(_lines(text)) == AgreementMeta(
        title="Överenskommelse om hjälpmedel mellan Region Västerbotten och kommunerna i länet",
        date="2024-09-12",
        body="Länssamverkansgruppen",
        diarienummer="2024/00123",
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Fastställd 2025-03-01", "2025-03-01"),
        ("Beslutsdatum: 2025-03-01", "2025-03-01"),
        ("Giltig från 1 januari 2026", "2026-01-01"),
        ("Datum: 2025-09-19", "2025-09-19"),
        ("Fastställd den 3 mars 2025", "2025-03-03"),
        ("Antagen 14 okt. 2024", "2024-10-14"),
        ("Gäller från och med 1 december 2025", "2025-12-01"),
        ("Giltighetstid: 2026-01-01 – 2027-12-31", "2026-01-01"),
        ("Giltig till 2027-12-31", None),
        ("Fastställd:\n2025-05-20", "2025-05-20"),
    ],
)
def test_dates_in_swedish_forms(line: str, expected: str | None) -> None:
    text = f"Riktlinje för läkemedelshantering\n{line}\n\n1 Syfte\nRiktlinjen beskriver ansvar.\n"
    assert agreement_metadata(_lines(text)).date == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Beslutad av: Länssamverkansgruppen", "Länssamverkansgruppen"),
        ("Fastställd av Samråd hälsa, vård och omsorg 2025-03-01", "Samråd hälsa"),
        ("Antagen av Regionstyrelsen 2024-06-11", "Regionstyrelsen"),
        ("Beslutande organ: Länssamverkansgruppen (LSG)", "Länssamverkansgruppen (LSG)"),
        ("Version 2.0", None),
    ],
)
def test_deciding_body(line: str, expected: str | None) -> None:
    text = f"Rutin för samordnad planering\n{line}\n\n1 Syfte\nRutinen beskriver ansvar.\n"
    assert agreement_metadata(_lines(text)).body == expected


def test_unknown_metadata_stays_none() -> None:
    text = (
        "1 Syfte\nDokumentet beskriver samverkan. Lagen trädde i kraft 2018-01-01.\n"
        "2 Ansvar\nLänssamverkansgruppen beslutade 2023-02-17 att följa upp arbetet.\n"
    )
    assert agreement_metadata(_lines(text)) == AgreementMeta()


def test_validity_stated_in_the_body_is_used_when_the_title_page_has_no_date() -> None:
    text = (
        "Vägledning för övertagande av vård\n\n1 Syfte\nVägledningen beskriver ansvar.\n\n"
        "2 Giltighetstid\nVägledningen gäller från 1 februari 2026 till och med 31 januari 2028.\n"
    )
    meta = agreement_metadata(_lines(text))
    assert meta.title == "Vägledning för övertagande av vård"
    assert meta.date == "2026-02-01"


# --- detect_kind --------------------------------------------------------------------------


@pytest.mark.parametrize("name", SEED_FILES)
def test_seed_protocols_are_protocols(name: str) -> None:
    assert detect_kind((SEEDS / name).read_text(encoding="utf-8")) == "protocol"


def test_protocol_without_its_first_page_is_a_protocol() -> None:
    text = (SEEDS / SEED_FILES[1]).read_text(encoding="utf-8")
    assert detect_kind(text[text.index("- 6 Förslag") :]) == "protocol"


def test_small_paragraph_protocol_is_a_protocol() -> None:
    text = (
        "Protokoll Socialnämnden\nSammanträdesdatum 2024-03-12\n§ 1 Val av justerare\n"
        "Socialnämnden beslutar att utse Åsa Öberg att justera protokollet.\n"
        "§ 2 Budgetuppföljning för äldreomsorgen\nFörvaltningen får i uppdrag att återrapportera i maj.\n"
    )
    assert detect_kind(text) == "protocol"


@pytest.mark.parametrize("name", ["overenskommelse_utskrivning.txt", "riktlinje_egenvard.md"])
def test_agreements_are_agreements(name: str) -> None:
    assert detect_kind((DATA / name).read_text(encoding="utf-8")) == "agreement"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Kladdkaka\n\nIngredienser\n2 ägg\n3 dl socker\n1.5 dl vetemjöl\n100 g smör\n\nGör så här\n"
        "1. Sätt ugnen på 175 grader.\n2. Smält smöret och rör ner socker och ägg.\n"
        "3. Häll smeten i en form och grädda i 15 minuter.\n",
        "Kapitel 1\n\nDet var en kall morgon i Umeå när Anna klev av tåget. Hon hade inte varit hemma "
        "på tio år.\n2 Timmar senare satt de i köket hos mamma, som ville veta allt om hennes liv.\n",
        "\n".join(" ".join(str(n) for n in range(row, row + 10)) for row in range(1, 200, 10)),
        "protokoll banan cykel himmel avtal rutin 3.1 Katt hund regnbåge",
    ],
    ids=["empty", "recipe", "novel", "numbers", "random-words"],
)
def test_non_documents_are_neither(text: str) -> None:
    assert detect_kind(text) is None


# --- robustness --------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        "1 ",
        "2. ",
        "3.1 ",
        "3.2.1 ",
        "0 ",
        "99.99 ",
        "Bilaga 1 ",
        "Bilaga A",
        "## ",
        "# ",
        "Innehåll",
        "Ansvar",
        "Kommunen ansvarar för",
        "protokoll",
        "§ 3",
        "Överenskommelse",
        ".....",
        " 4",
        "2025-03-01",
        "1 januari 2026",
        "Fastställd av",
        "Dnr:",
        "Giltig från",
        "-",
        "\n",
        "\n\n",
        "\f",
        "\t",
        " ",
        "**",
        "Ä",
        "x",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=400), st.lists(_FRAGMENTS, max_size=80).map("".join)))
def test_random_text_never_raises(text: str) -> None:
    lines = _lines(text)
    items = parse_sections(lines)
    for item in items:
        assert 0 <= item.start <= item.end <= len(text)
    assert [item.start for item in items] == sorted(item.start for item in items)
    agreement_metadata(lines)
    assert detect_kind(text) in {"protocol", "agreement", None}
