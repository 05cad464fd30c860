"""The API's small pure parts: safe upload names, content sniffing, joining item parts, marking decisions."""

from __future__ import annotations

import pytest

from assistant.server.documents.content import content_problem
from assistant.server.documents.documents_errors import DocumentRejected
from assistant.server.documents.filenames import numbered, safe_filename
from assistant.server.items.highlight import Segment, segments
from assistant.server.items.item_text import merge_parts
from tests.docfactory import pdf_bytes


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("protokoll.pdf", "protokoll.pdf"),
        ("../../etc/x.txt", "x.txt"),
        ("..\\..\\windows\\system32\\y.DOCX", "y.docx"),
        ("C:\\Users\\anna\\Protokoll 12 mars.md", "Protokoll 12 mars.md"),
        ("/etc/.hidden.txt", "hidden.txt"),
        ("..txt", "dokument.txt"),
        ("a\x00b\r\nc\u202etxt.html", "abctxt.html"),
        ('what?"<>|*.htm', "what______.htm"),
        ("CON.txt", "CON-dokument.txt"),
        ("   många   mellanslag  .pdf", "många mellanslag.pdf"),
        ("x" * 300 + ".txt", "x" * 100 + ".txt"),
    ],
)
def test_safe_filename(raw: str, safe: str) -> None:
    assert safe_filename(raw) == safe


@pytest.mark.parametrize("raw", ["", "/etc/passwd", "evil.exe", "x.txt.exe", "noter.meta.toml", "a/b/"])
def test_unsupported_names_are_refused(raw: str) -> None:
    with pytest.raises(DocumentRejected) as refused:
        safe_filename(raw)
    assert refused.value.status_code == 415 and "stöds inte" in refused.value.message


def test_numbered() -> None:
    assert numbered("protokoll.pdf", 2) == "protokoll-2.pdf"


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("a.pdf", pdf_bytes(["Protokoll"]), None),
        ("a.txt", "Protokoll åäö".encode("cp1252"), None),
        ("a.txt", "\ufeffProtokoll".encode("utf-16"), None),
        ("a.html", b"<html><body>Protokoll</body></html>", None),
        ("a.pdf", b"\x89PNG\r\n\x1a\nrest", "PNG-bild"),
        ("a.docx", b"PK\x03\x04 but not a zip", "inget Word-dokument"),
        ("a.md", b"GIF89a....", "GIF-bild"),
        ("a.txt", b"text\x00with\x00nul", "binär data"),
    ],
)
def test_content_problem(name: str, data: bytes, problem: str | None) -> None:
    found = content_problem(name, data)
    assert found is None if problem is None else (found is not None and problem in found)


def test_merge_parts_keeps_each_overlap_once() -> None:
    first = "Ett två tre fyra fem.\nSex sju åtta nio tio.\nElva tolv tretton fjorton."
    second = "Sex sju åtta nio tio.\nElva tolv tretton fjorton.\nFemton sexton."
    assert merge_parts([first, second]) == first + "\nFemton sexton."
    assert merge_parts(["A b c.", "D e f."]) == "A b c.\nD e f."  # no overlap: nothing dropped
    assert merge_parts(["Slut på att", "att börja om"]) == "Slut på att\natt börja om"  # one word is chance


def test_segments_mark_the_decision_across_line_breaks() -> None:
    text = "Bakgrund.\nBeslut\nNämnden beslutar\natt anta planen.\nÖvrigt."
    assert segments(text, "Nämnden beslutar att anta planen.") == [
        Segment("Bakgrund.\nBeslut\n", False),
        Segment("Nämnden beslutar\natt anta planen.", True),
        Segment("\nÖvrigt.", False),
    ]
    assert segments(text, "Något helt annat.") == [Segment(text, False)]
    assert segments(text, None) == [Segment(text, False)]
