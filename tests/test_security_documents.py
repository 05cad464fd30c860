"""Hostile and broken documents through the upload API (what tests/test_api_documents.py does not
already cover): encrypted PDFs, zip bombs disguised as Word files (honest, by ratio, and lying about
their size), an XML entity bomb, truncated files, one enormous line, wrong encodings, random bytes
and hostile file names. Each is refused with a 4xx and a Swedish reason naming the file; afterwards
the server answers /healthz, the corpus and index are unchanged, and a known question still gets
its cited answer."""

from __future__ import annotations

import io
import random
import resource
import time
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader, PdfWriter

from assistant.server.documents.content import MAX_LINE_BYTES
from tests.api_support import (
    TIMEOUT,
    Writable,
    assert_clean_error,
    docx_bytes,
    index_state,
    pdf_document,
    protocol_lines,
    protocol_text,
    upload,
    writable_server,
)

pytestmark = pytest.mark.slow

ITEM = "lanssamverkansgruppen-2026-02-20--12"
QUESTION = "Vem ansvarar för implementeringen av den nya blanketten?"
MB = 1024 * 1024
PROTOCOL = protocol_lines("Kulturnämnden", "2025-09-03", [
    ("1", "Bibliotekets öppettider", ["Kulturnämnden beslutar att förlänga öppettiderna."])])  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, corpus_index: Path) -> Iterator[Writable]:
    with writable_server(tmp_path_factory.mktemp("hostile"), corpus_index) as running:
        yield running


def _still_answers(server: Writable) -> None:
    health = httpx.get(f"{server.url}/healthz", timeout=TIMEOUT)
    assert health.status_code == 200 and health.json()["index"] == "ok"
    answer = httpx.post(f"{server.url}/api/ask", json={"question": QUESTION}, timeout=TIMEOUT).json()
    assert answer["abstained"] is False and ITEM in {c["id"] for c in answer["citations"]}


# --- the hostile files ---------------------------------------------------------------------------------


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_document(PROTOCOL))))
    writer.encrypt(user_password="hemligt", owner_password="ägare", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bomb(tmp: Path, megabytes: int, *, claimed: int | None = None, crc: bool = False) -> bytes:
    """A real .docx whose word/document.xml unpacks to `megabytes` MB (about 1 kB per MB packed).
    With `claimed`, the zip's directory says that part is only `claimed` bytes, so size checks that
    trust the directory pass; with `crc`, its CRC is that of the first `claimed` bytes, so a reader
    that stops at the claimed size finds nothing wrong (zipfile inflates it all first, though)."""
    original = zipfile.ZipFile(io.BytesIO(docx_bytes(tmp, PROTOCOL)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in original.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, original.read(info))
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"<" * MB
            for _ in range(megabytes):
                member.write(block)
    data = bytearray(out.getvalue())
    if claimed is not None:  # below 4 GB the central directory keeps the real sizes in its own fields
        at = data.index(b"PK\x01\x02")
        while at >= 0:
            length = int.from_bytes(data[at + 28 : at + 30], "little")
            if data[at + 46 : at + 46 + length] == b"word/document.xml":
                data[at + 24 : at + 28] = claimed.to_bytes(4, "little")
                if crc:
                    data[at + 16 : at + 20] = zlib.crc32(b"<" * claimed).to_bytes(4, "little")
            at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def entity_bomb(tmp: Path) -> bytes:
    """A real .docx whose body is a «billion laughs» XML entity bomb."""
    laughs = ['<!ENTITY l0 "ha">'] + [f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)]
    xml = ('<?xml version="1.0"?><!DOCTYPE w:document [' + "".join(laughs) + ']>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           '<w:p><w:r><w:t>Protokoll &l9;</w:t></w:r></w:p></w:body></w:document>')  # fmt: skip
    original = zipfile.ZipFile(io.BytesIO(docx_bytes(tmp, PROTOCOL)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            data = xml.encode() if info.filename == "word/document.xml" else original.read(info)
            archive.writestr(info.filename, data)
    return out.getvalue()


def noise(size: int, *, nul: bool = True) -> bytes:
    data = random.Random(6).randbytes(size)
    return data if nul else data.replace(b"\0", b"\1")


def one_line(size: int, text: str = "") -> bytes:
    """`size` bytes and not one line break; with `text`, the words of a protocol over and over."""
    unit = (text or "a").encode()
    return (unit * (size // len(unit) + 1))[:size]


Build = Callable[[Path], bytes]
HOSTILE: list[tuple[str, str, Build, int, str]] = [
    # id, file name, content, status, phrase of the reason
    ("encrypted-pdf", "krypterad.pdf", lambda tmp: encrypted_pdf(), 422, "lösenordsskyddad"),
    ("truncated-pdf", "avbruten.pdf", lambda tmp: pdf_document(PROTOCOL)[:600], 422, "PDF-filen"),
    ("zip-bomb-400mb", "bomb.docx", lambda tmp: zip_bomb(tmp, 400), 422, "över gränsen 200 MB"),
    ("zip-bomb-ratio", "tät.docx", lambda tmp: zip_bomb(tmp, 150), 422, "zip-bomb"),
    ("zip-bomb-lying", "ljuger.docx", lambda tmp: zip_bomb(tmp, 150, claimed=4096), 422, "mer än den själv anger"),
    ("zip-bomb-lying-crc", "ljuger-crc.docx", lambda tmp: zip_bomb(tmp, 150, claimed=4096, crc=True), 422,
     "mer än den själv anger"),
    ("entity-bomb", "skratt.docx", entity_bomb, 422, "kunde inte läsas in"),
    ("truncated-docx", "halv.docx", lambda tmp: docx_bytes(tmp, PROTOCOL)[:2000], 422, "skadad"),
    ("random-docx", "slump.docx", lambda tmp: noise(64 * 1024), 415, "inget Word-dokument"),
    ("random-md", "slump.md", lambda tmp: noise(64 * 1024, nul=False), (415, 422), "slump.md"),
    ("empty-pdf", "tom.pdf", lambda tmp: b"", 422, "är tom"),
    ("empty-docx", "tom.docx", lambda tmp: b"", 422, "är tom"),
    ("one-line-20mb", "enrad.txt", lambda tmp: one_line(20 * MB), 422, "utan radbrytning"),
    ("one-line-protocol", "enrad-protokoll.md",
     lambda tmp: one_line(20 * MB, "Protokoll Kulturnämnden sammanträdesdatum 2025-01-01 § 1 beslutar "), 422,
     "utan radbrytning"),
    ("line-over-limit", "lång.txt", lambda tmp: protocol_text("Kulturnämnden", "2025-09-03", [
        ("1", "Lång", ["x" * (MAX_LINE_BYTES + 1)])]).encode(), 422, "utan radbrytning"),
    ("utf16-without-bom", "utf16.txt", lambda tmp: "\n".join(PROTOCOL).encode("utf-16-le"), 415, "ingen textfil"),
    ("shift-jis", "japansk.txt", lambda tmp: "会議の議事録 第1条 決定事項".encode("shift_jis") * 50, 415, "binär"),
    ("exe-behind-rtl", "rapport\u202etxt.exe", lambda tmp: b"MZ" + noise(1000), 415, "filtypen .exe stöds inte"),
    ("html-in-name", "<img src=x onerror=alert(1)>.pdf", lambda tmp: noise(2000), 415, "ingen PDF-fil"),
    ("nul-in-name", "ok.txt\x00.pdf", lambda tmp: "\n".join(PROTOCOL).encode(), 415, "ingen PDF-fil"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "build", "status", "phrase"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_upload_is_refused_and_changes_nothing(
    server: Writable, tmp_path: Path, name: str, build: Build, status: int | tuple[int, ...], phrase: str
) -> None:
    content = build(tmp_path)
    before = index_state(server)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # the server runs in this process
    started = time.monotonic()
    response = upload(server, name, content)
    took = time.monotonic() - started
    detail = assert_clean_error(response, status, phrase)
    assert response.headers["content-type"] == "application/json"
    shown = detail.split("«", 1)[1].split("»", 1)[0]  # names the file as stored: no markup, no control characters
    assert shown.endswith(name.rpartition(".")[2]) and not any(c in shown for c in "<>\0\u202e/\\")
    if name.endswith(".docx") and name not in ("tom.docx", "slump.docx"):  # refused without unpacking it
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - peak
        assert took < 15 and grown < 100 * MB, (took, grown)
    assert index_state(server) == before
    _still_answers(server)


def _raw_upload(server: Writable, name: bytes, content: bytes) -> httpx.Response:
    """A multipart upload whose file name is sent byte for byte (clients would percent-encode some)."""
    body = (b'--gr\r\nContent-Disposition: form-data; name="file"; filename="' + name + b'"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n--gr--\r\n")  # fmt: skip
    headers = {"content-type": "multipart/form-data; boundary=gr"}
    return httpx.post(f"{server.url}/api/documents", content=body, headers=headers, timeout=TIMEOUT)


@pytest.mark.parametrize(
    ("hostile", "stored"),
    [
        ("\u202eprotokoll-rtl.txt".encode(), "protokoll-rtl.txt"),
        (b"ny\nrad.txt", "nyrad.txt"),
        (b"tab\tnamn.txt", "tabnamn.txt"),
        (b'ki"ller.txt', "ki_ller.txt"),
        (b"ki|*?<>.txt", "ki_____.txt"),
        (b"nul\x00.txt", "nul-dokument.txt"),
        (b"CON.txt", "CON-dokument.txt"),
        (b"   .txt", "dokument.txt"),
        (b"<script>alert(1)</script>.md", "script_.md"),
        ("ja\u0308mfo\u0308relse.txt".encode(), "jämförelse.txt"),
        (b"file:///etc/passwd.txt", "passwd.txt"),
        (b"C:\\Windows\\..\\win.txt", "win.txt"),
        (b"a" * 400 + b".txt", "a" * 100 + ".txt"),
        (b"\xff\xfe.txt", "\xff\xfe.txt"),
    ],
    ids=lambda value: repr(value)[:30] if isinstance(value, bytes) else None,
)
def test_hostile_names_are_stored_safely(server: Writable, hostile: bytes, stored: str) -> None:
    stem = f"Nämnd {zlib.crc32(hostile)}"
    content = protocol_text(stem, "2025-06-01", [("1", "Ärende", [f"{stem} beslutar om ett namn."])]).encode()
    response = _raw_upload(server, hostile, content)
    assert response.status_code == 200, response.text
    document = response.json()["document"]
    assert document["source"] == stored and unicodedata.is_normalized("NFC", document["source"])
    assert (server.corpus / stored).read_bytes() == content
    assert [p for p in server.root.rglob("*") if p.is_file() and p.read_bytes() == content] == [server.corpus / stored]
    download = httpx.get(f"{server.url}/documents/{document['id']}/source", timeout=TIMEOUT)
    assert download.status_code == 200 and download.content == content
    disposition = download.headers["content-disposition"]
    assert disposition.startswith("attachment;") and not any(c in disposition for c in "\n\r<>")
    _still_answers(server)


@pytest.mark.parametrize(
    ("hostile", "status", "phrase"),
    [
        (b"ny\rrad.txt", 400, "kunde inte tolkas"),  # a bare CR ends the part's header
        (b"x.txt; filename*=UTF-8''evil.pdf", 415, "ingen PDF-fil"),  # one name, the last suffix counts
        (b"..", 415, "filer utan filändelse"),
        (b"", 415, "filer utan filändelse"),
        (b"protokoll.txt.exe", 415, "filtypen .exe"),
    ],
)
def test_hostile_names_that_are_refused(server: Writable, hostile: bytes, status: int, phrase: str) -> None:
    before = index_state(server)
    content = "\n".join(PROTOCOL).encode()
    assert_clean_error(_raw_upload(server, hostile, content), status, phrase)
    assert index_state(server) == before
    _still_answers(server)


def test_server_survives_a_burst_of_hostile_uploads(server: Writable, tmp_path: Path) -> None:
    """The whole list again, all at once from four clients: every one refused, nothing changed."""
    from concurrent.futures import ThreadPoolExecutor

    cheap = [h for h in HOSTILE if "20mb" not in h[0] and "protocol" not in h[0] and "bomb" not in h[0]]
    before = index_state(server)
    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(pool.map(lambda h: upload(server, h[1], h[2](tmp_path)), cheap))
    assert all(400 <= r.status_code < 500 for r in responses), [r.status_code for r in responses]
    assert index_state(server) == before
    _still_answers(server)


# --- units of the upload checks ----------------------------------------------------------------------


def test_long_line_and_archive_checks(tmp_path: Path) -> None:
    from assistant.server.documents.archive import LYING_REASON, archive_problem
    from assistant.server.documents.content import long_line

    assert [long_line(b"ab\ncde\r\nf", 2), long_line(b"a\rbcd\re", 2), long_line(b"abc", 3)] == [3, 3, 0]
    assert long_line((b"x" * 99 + b"\r") * 50 + b"y" * 101, 100) == 101
    started = time.monotonic()
    assert long_line(b"\n" * (20 * MB)) == 0 and long_line((b"x" * MAX_LINE_BYTES + b"\n") * 100) == 0
    assert time.monotonic() - started < 1
    assert archive_problem(docx_bytes(tmp_path, PROTOCOL)) is None
    stored = io.BytesIO()
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert archive_problem(stored.getvalue()) is None
    assert archive_problem(zip_bomb(tmp_path, 20, claimed=MB)) == LYING_REASON
    assert "skadad" in (archive_problem(docx_bytes(tmp_path, PROTOCOL)[:3000]) or "")
