"""Loader behaviour on real files: Swedish text survives, bad input gives DocumentError only."""

from __future__ import annotations

import hashlib
import os
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.documents.errors import DocumentError
from assistant.documents.loaders import SUPPORTED_SUFFIXES, LoadedText, load_text
from assistant.documents.loaders import docx as docx_loader
from tests.docfactory import (
    SAMPLE_PAGES,
    make_binary,
    make_docx,
    make_empty,
    make_encrypted_pdf,
    make_html,
    make_pdf,
    make_scanned_pdf,
    make_text,
    make_zip_bomb_docx,
    make_zip_docx,
)

SWEDISH = "Protokoll – ”Socialnämnden” beslutar: Åsa Öberg, äldreomsorg, § 3"


def assert_refused(path: Path, *words: str, **kwargs: object) -> DocumentError:
    """load_text raises DocumentError naming the file, with a reason containing `words`."""
    with pytest.raises(DocumentError) as caught:
        load_text(path, **kwargs)  # type: ignore[arg-type]
    error = caught.value
    assert type(error) is DocumentError
    message = str(error)
    assert message.startswith(f"{path.name}: ")
    for word in words:
        assert word in error.reason, (word, error.reason)
    return error


# --- text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", False), ("utf-8", True), ("utf-16", False), ("utf-16-le", True), ("utf-16-be", True), ("cp1252", False)],
)
def test_text_encodings_decode_swedish(tmp_path: Path, encoding: str, bom: bool) -> None:
    path = make_text(tmp_path / "protokoll.txt", SWEDISH + "\n", encoding, bom=bom)
    loaded = load_text(path)
    assert loaded.text == SWEDISH + "\n"
    assert loaded.format == "txt"


def test_text_is_kept_as_written_except_newlines_and_nfc(tmp_path: Path) -> None:
    raw = "  § 1 Val av justerare  \r\n\r\n\tA\u030asa\rslut  "
    loaded = load_text(make_text(tmp_path / "p.md", raw))
    assert loaded.text == "  § 1 Val av justerare  \n\n\tÅsa\nslut  "
    assert loaded.format == "md"
    assert "\u030a" not in loaded.text


def test_sha256_is_of_the_file_bytes(tmp_path: Path) -> None:
    path = make_text(tmp_path / "p.txt", SWEDISH, "cp1252")
    loaded = load_text(path)
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert isinstance(loaded, LoadedText)


@pytest.mark.parametrize("suffix", [".TXT", ".Md", ".markdown", ".HTM"])
def test_suffixes_are_case_insensitive(tmp_path: Path, suffix: str) -> None:
    path = make_text(tmp_path / f"p{suffix}", "Socialnämnden\n")
    assert "Socialnämnden" in load_text(path).text


def test_binary_text_file_is_refused(tmp_path: Path) -> None:
    assert_refused(make_binary(tmp_path / "bild.txt"), "binär")


def test_control_characters_without_nul_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "styr.txt"
    path.write_bytes(bytes(range(1, 9)) * 50 + b"text")
    assert_refused(path, "binär")


def test_empty_file(tmp_path: Path) -> None:
    assert_refused(make_empty(tmp_path / "tom.txt"), "filen är tom")


@pytest.mark.parametrize("name", ["blank.txt", "blank.html"])
def test_whitespace_only_has_no_text(tmp_path: Path, name: str) -> None:
    path = make_text(tmp_path / name, " \n\t\r\n  ")
    assert_refused(path, "innehåller ingen text")


# --- common failures ----------------------------------------------------------------


def test_unknown_suffix_lists_supported_formats(tmp_path: Path) -> None:
    path = make_text(tmp_path / "protokoll.odt", "x")
    error = assert_refused(path, "stöds inte", ".pdf", ".docx", ".txt", ".html")
    assert ".odt" in error.reason
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".markdown", ".pdf", ".docx", ".html", ".htm"}


def test_missing_file(tmp_path: Path) -> None:
    assert_refused(tmp_path / "saknas.pdf", "finns inte")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "mapp.txt"
    folder.mkdir()
    assert_refused(folder, "mapp")


@pytest.mark.skipif(
    sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="root reads files regardless of permissions",
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = make_text(tmp_path / "låst.txt", "hemligt")
    path.chmod(0)
    try:
        assert_refused(path, "behörighet")
    finally:
        path.chmod(0o644)


def test_permission_error_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same as above but works as root: the loader's open() is made to refuse."""
    import assistant.documents.loaders as loaders

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(loaders, "open", refuse, raising=False)
    error = assert_refused(make_text(tmp_path / "låst.txt", "hemligt"), "behörighet")
    assert isinstance(error.__cause__, PermissionError)


def test_too_large_gives_size_and_limit(tmp_path: Path) -> None:
    path = make_text(tmp_path / "stor.txt", "å" * (3 * 1024 * 1024))  # 6 MB in UTF-8
    error = assert_refused(path, "för stor", "6 MB", "gränsen är 5 MB", max_bytes=5 * 1024 * 1024)
    assert error.__cause__ is None


def test_default_limit_comes_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.config import get_settings

    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "1")
    get_settings.cache_clear()
    try:
        path = make_text(tmp_path / "stor.txt", "a" * (2 * 1024 * 1024))
        assert_refused(path, "för stor", "gränsen är 1 MB")
    finally:
        get_settings.cache_clear()


def test_unexpected_errors_are_wrapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.documents.loaders as loaders

    def boom(data: bytes, source: Path) -> str:
        raise RuntimeError("intern bugg")

    monkeypatch.setattr(loaders, "_EXTRACTORS", {**loaders._EXTRACTORS, "txt": boom})
    error = assert_refused(make_text(tmp_path / "p.txt", "hej"), "oväntat fel")
    assert isinstance(error.__cause__, RuntimeError)


# --- PDF ------------------------------------------------------------------------------


def test_pdf_text_and_page_breaks(tmp_path: Path) -> None:
    loaded = load_text(make_pdf(tmp_path / "protokoll.pdf"))
    assert loaded.format == "pdf"
    first, second = loaded.text.split("\n\f\n")
    assert "Protokoll Socialnämnden" in first
    assert "§ 1 Val av justerare" in first
    assert "Åsa Öberg" in first
    assert "§ 2 Budgetuppföljning för äldreomsorgen" in second
    assert "återrapportera" in second
    assert loaded.text.count("\f") == 1


def test_pdf_with_dash_and_quotes(tmp_path: Path) -> None:
    loaded = load_text(make_pdf(tmp_path / "p.pdf", [SWEDISH]))
    assert SWEDISH in loaded.text


def test_pdf_with_user_password_is_refused(tmp_path: Path) -> None:
    assert_refused(make_encrypted_pdf(tmp_path / "låst.pdf"), "lösenordsskyddad")


def test_pdf_with_only_owner_password_opens(tmp_path: Path) -> None:
    path = make_encrypted_pdf(tmp_path / "ägarlåst.pdf", user_password="")
    assert "Socialnämnden" in load_text(path).text


def test_scanned_pdf_needs_ocr(tmp_path: Path) -> None:
    assert_refused(make_scanned_pdf(tmp_path / "skannad.pdf"), "textlager", "inskannad", "OCR")


def test_pdf_suffix_without_pdf_content(tmp_path: Path) -> None:
    path = make_text(tmp_path / "falsk.pdf", "Protokoll Socialnämnden")
    assert_refused(path, "ingen PDF-fil")


@pytest.mark.parametrize("cut", [20, 200, 600])
def test_truncated_pdf_is_corrupt(tmp_path: Path, cut: int) -> None:
    source = make_pdf(tmp_path / "hel.pdf").read_bytes()
    path = tmp_path / "trasig.pdf"
    path.write_bytes(source[:cut])
    error = assert_refused(path)
    assert "PDF-filen" in error.reason


# --- DOCX -----------------------------------------------------------------------------


def test_docx_paragraphs_and_table_in_document_order(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "protokoll.docx",
        ["Protokoll Socialnämnden", "§ 1 Val av justerare", "Justerare utses.", "§ 2 Övrigt"],
        [["Namn", "Parti", "Roll"], ["Åsa Öberg", "S", "ordförande"], ["Örjan Ähl", "M", ""]],
        table_after=3,
    )
    loaded = load_text(path)
    assert loaded.format == "docx"
    assert loaded.text.split("\n") == [
        "Protokoll Socialnämnden",
        "§ 1 Val av justerare",
        "Justerare utses.",
        "| Namn | Parti | Roll |",
        "| Åsa Öberg | S | ordförande |",
        "| Örjan Ähl | M |  |",
        "§ 2 Övrigt",
    ]


def test_docx_zip_bomb_by_ratio(tmp_path: Path) -> None:
    path = make_zip_bomb_docx(tmp_path / "bomb.docx", uncompressed_mb=20)
    assert path.stat().st_size < 100_000
    assert_refused(path, "zip-bomb")


def test_docx_zip_bomb_by_total_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_loader, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    path = make_zip_docx(
        tmp_path / "stor.docx",
        {"word/document.xml": b"<x/>", "word/media/bild.bin": os.urandom(2 * 1024 * 1024)},
    )
    assert_refused(path, "packas upp till 2 MB", "gränsen 1 MB")


def test_docx_suffix_on_plain_text(tmp_path: Path) -> None:
    assert_refused(make_text(tmp_path / "falsk.docx", "hej"), "inget Word-dokument")


def test_docx_suffix_on_zip_without_word_body(tmp_path: Path) -> None:
    path = make_zip_docx(tmp_path / "kalkyl.docx", {"xl/workbook.xml": b"<x/>"})
    assert_refused(path, "inget Word-dokument")


def test_docx_old_or_encrypted_word_file(tmp_path: Path) -> None:
    path = tmp_path / "gammal.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    assert_refused(path, "lösenordsskyddad", ".doc")


def test_docx_with_broken_xml_is_corrupt(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "bra.docx", ["Socialnämnden"])
    path = tmp_path / "trasig.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    error = assert_refused(path, "skadad")
    assert error.__cause__ is not None


def test_truncated_docx(tmp_path: Path) -> None:
    data = make_docx(tmp_path / "bra.docx", ["Socialnämnden"]).read_bytes()
    path = tmp_path / "halv.docx"
    path.write_bytes(data[: len(data) // 2])
    assert_refused(path, "Word-filen är skadad")


# --- HTML -----------------------------------------------------------------------------

HTML_BODY = """
<h1>Protokoll Socialnämnden</h1>
<p>Sammanträde   2024-03-12<br>Plats: Rådhuset</p>
<div>§ 1 Val av justerare</div>
<!-- en kommentar som inte ska synas -->
<table>
  <tr><th>Namn</th><th>Parti</th></tr>
  <tr><td>Åsa Öberg</td><td>S</td></tr>
</table>
<ul><li>Första punkten</li><li>Andra – ”punkten”</li></ul>
"""


@pytest.mark.parametrize("charset", ["utf-8", "windows-1252", "iso-8859-1"])
@pytest.mark.parametrize("http_equiv", [False, True])
def test_html_text_blocks_and_table(tmp_path: Path, charset: str, http_equiv: bool) -> None:
    body = HTML_BODY if charset != "iso-8859-1" else HTML_BODY.replace("–", "-").replace("”", '"')
    path = make_html(tmp_path / "protokoll.html", body, charset=charset, http_equiv=http_equiv)
    loaded = load_text(path)
    assert loaded.format == "html"
    lines = loaded.text.split("\n")
    expected_last = "Andra – ”punkten”" if charset != "iso-8859-1" else 'Andra - "punkten"'
    assert lines == [
        "Protokoll Socialnämnden",
        "Sammanträde 2024-03-12",
        "Plats: Rådhuset",
        "§ 1 Val av justerare",
        "| Namn | Parti |",
        "| Åsa Öberg | S |",
        "Första punkten",
        expected_last,
    ]
    assert "skripttext" not in loaded.text
    assert "font-family" not in loaded.text
    assert "kommentar" not in loaded.text


def test_html_with_wrong_meta_charset_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "fel.htm"
    path.write_bytes('<meta charset="utf-8"><p>Socialnämnden</p>'.encode("cp1252"))
    assert load_text(path).text == "Socialnämnden"


def test_html_deep_nesting_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "djup.html"
    path.write_text("<div>" * 5000 + "Socialnämnden" + "</div>" * 5000, encoding="utf-8")
    assert "Socialnämnden" in load_text(path).text


def test_binary_html_is_refused(tmp_path: Path) -> None:
    assert_refused(make_binary(tmp_path / "bild.html"), "binär")


# --- nothing but DocumentError escapes ----------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048), suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)))
def test_arbitrary_bytes_give_text_or_document_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"slump{suffix}"
    path.write_bytes(data)
    try:
        loaded = load_text(path)
    except DocumentError as error:
        assert str(error).startswith(f"slump{suffix}: ")
    else:
        assert loaded.text.strip()


@pytest.mark.parametrize("cut", [1, 10, 100, 1000, 3000])
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_prefixes_of_real_files_give_text_or_document_error(tmp_path: Path, cut: int, kind: str) -> None:
    if kind == "pdf":
        source = make_pdf(tmp_path / "hel.pdf")
    else:
        source = make_docx(tmp_path / "hel.docx", ["Socialnämnden"], [["a", "b"]])
    path = tmp_path / f"del.{kind}"
    path.write_bytes(source.read_bytes()[:cut])
    try:
        load_text(path)
    except DocumentError:
        pass


def test_docfactory_sample_pages_are_swedish() -> None:
    assert len(SAMPLE_PAGES) == 2
    assert "Socialnämnden" in SAMPLE_PAGES[0]
