"""Documents over real HTTP: upload in every format (then found by search and ask), duplicates,
refusals that leave corpus and index unchanged, hostile names, listing, download and delete."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from assistant.indexing.ingest import IngestService
from assistant.indexing.lock import folder_lock
from tests.api_support import (
    CORPUS,
    TIMEOUT,
    Writable,
    assert_clean_error,
    docx_bytes,
    html_bytes,
    index_state,
    pdf_document,
    protocol_lines,
    protocol_text,
    upload,
    writable_server,
)
from tests.docfactory import make_scanned_pdf

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, corpus_index: Path) -> Iterator[Writable]:
    with writable_server(tmp_path_factory.mktemp("documents"), corpus_index) as running:
        yield running


LIBRARY = [
    ("1", "Val av justerare", ["Kulturnämnden beslutar att utse Per Holm att justera protokollet."]),
    ("2", "Bibliotekets öppettider på Norrbacka", [
        "Kulturnämnden beslutar att förlänga bibliotekets öppettider på Norrbacka till klockan 20 på vardagar.",
        "Bibliotekschefen Maria Lind får i uppdrag att genomföra förändringen före den 1 december.",
    ]),
]  # fmt: skip
SNOW = [
    ("1", "Snöröjning av cykelvägar", [
        "Tekniska nämnden beslutar att cykelvägarna mot Ålidhem ska snöröjas före klockan sju varje morgon.",
        "Gatuchefen Anders Berg ansvarar för att upphandla snöröjningen.",
    ]),
    ("2", "Information om vägbelysning", ["Förvaltningen informerade om byte till LED-armaturer i centrum."]),
]  # fmt: skip
TURF = [
    ("3", "Val av justerare", ["Fritidsnämnden beslutar att utse Lena Ek att justera protokollet."]),
    ("4", "Konstgräsplan vid Sörbyskolan", [
        "Fritidsnämnden beslutar att anlägga en konstgräsplan vid Sörbyskolan under 2026.",
        "Fritidschefen Jonas Palm får i uppdrag att ta fram en tidplan för bygget.",
    ]),
]  # fmt: skip
CHARGERS = [
    ("1", "Laddstolpar vid kommunhuset", [
        "Miljönämnden beslutar att tio laddstolpar för elbilar ska sättas upp vid kommunhuset.",
        "Fastighetschefen Karin Öst ansvarar för installationen.",
    ]),
    ("2", "Information om luftmätningar", ["Miljöinspektören redovisade årets mätningar av kvävedioxid."]),
]  # fmt: skip
BIKES = [
    ("6", "Val av justerare", ["Byggnadsnämnden beslutar att utse Sven Åberg att justera protokollet."]),
    ("7", "Cykelparkering vid resecentrum", [
        "Byggnadsnämnden beslutar att bygga ett cykelgarage med 400 platser vid resecentrum.",
        "Planchefen Eva Nord får i uppdrag att ta fram detaljplanen.",
    ]),
]  # fmt: skip

Build = Callable[[Path], bytes]
FORMATS: list[tuple[str, Build, str, str, int, str, str]] = [
    # file name, bytes, body, date, item count, the decided item's number, question about it
    ("kultur.txt", lambda tmp: protocol_text("Kulturnämnden", "2025-09-03", LIBRARY).encode(), "Kulturnämnden",
     "2025-09-03", 2, "2", "Vad beslutade Kulturnämnden om bibliotekets öppettider på Norrbacka?"),
    ("teknik.md", lambda tmp: ("# " + protocol_text("Tekniska nämnden", "2025-10-14", SNOW)).encode(),
     "Tekniska nämnden", "2025-10-14", 2, "1", "Vem ansvarar för snöröjningen av cykelvägarna mot Ålidhem?"),
    ("fritid.docx", lambda tmp: docx_bytes(tmp, protocol_lines("Fritidsnämnden", "2025-05-20", TURF)),
     "Fritidsnämnden", "2025-05-20", 2, "4", "Vad beslutade Fritidsnämnden om konstgräsplanen vid Sörbyskolan?"),
    ("miljo.pdf", lambda tmp: pdf_document(protocol_lines("Miljönämnden", "2025-04-08", CHARGERS)),
     "Miljönämnden", "2025-04-08", 2, "1", "Vad beslutades om laddstolpar för elbilar vid kommunhuset?"),
    ("bygg.html", lambda tmp: html_bytes(tmp, protocol_lines("Byggnadsnämnden", "2025-11-11", BIKES)),
     "Byggnadsnämnden", "2025-11-11", 2, "7", "Vad beslutade Byggnadsnämnden om cykelparkering vid resecentrum?"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "build", "body", "date", "count", "number", "question"), FORMATS)
def test_upload_is_indexed_and_answerable(
    server: Writable,
    tmp_path: Path,
    name: str,
    build: Build,
    body: str,
    date: str,
    count: int,
    number: str,
    question: str,
) -> None:
    content = build(tmp_path)  # once: PDF and Word files carry their creation time, so two builds may differ
    response = upload(server, name, content)
    assert response.status_code == 200, response.text
    result = response.json()
    document = result["document"]
    assert result["duplicate"] is False
    assert (document["kind"], document["body"], document["date"]) == ("protocol", body, date)
    assert document["status"] == "indexerad" and document["items"] == count == len(result["items"])
    assert document["source"] == name and (server.corpus / name).read_bytes() == content
    item_id = f"{document['id']}--{number}"
    assert item_id in {i["id"] for i in result["items"]}
    assert all(i["url"] == f"/items/{i['id']}" for i in result["items"])

    listed = {d["id"]: d for d in httpx.get(f"{server.url}/api/documents", timeout=TIMEOUT).json()}
    assert listed[document["id"]] == document

    found = httpx.post(f"{server.url}/api/search", json={"query": question, "top_k": 3}, timeout=TIMEOUT).json()
    assert found["results"][0]["id"] == item_id

    answer = httpx.post(f"{server.url}/api/ask", json={"question": question}, timeout=TIMEOUT).json()
    assert answer["abstained"] is False, answer
    assert item_id in {c["id"] for c in answer["citations"]}
    assert httpx.get(f"{server.url}/items/{item_id}", timeout=TIMEOUT).status_code == 200


def test_duplicate_upload_returns_the_existing_document(server: Writable) -> None:
    content = protocol_text("Valnämnden", "2025-03-01", [("1", "Vallokaler", ["Valnämnden beslutar om vallokaler."])])
    first = upload(server, "val.txt", content.encode())
    assert first.status_code == 200 and first.json()["duplicate"] is False
    before = index_state(server)
    again = upload(server, "annat-namn.txt", content.encode())
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["document"] == first.json()["document"]
    assert index_state(server) == before
    assert not (server.corpus / "annat-namn.txt").exists()


def test_same_name_new_content_gets_its_own_file(server: Writable) -> None:
    one = protocol_text(
        "Krisledningsnämnden", "2025-01-10", [("1", "Övning", ["Krisledningsnämnden beslutar om en övning."])]
    )
    two = protocol_text(
        "Krisledningsnämnden", "2025-02-10", [("1", "Reservkraft", ["Krisledningsnämnden beslutar om reservkraft."])]
    )
    first = upload(server, "kris.txt", one.encode()).json()["document"]
    second = upload(server, "kris.txt", two.encode()).json()["document"]
    assert first["id"] != second["id"]
    assert (second["source"], second["date"]) == ("kris-2.txt", "2025-02-10")
    assert (server.corpus / "kris.txt").read_text() == one and (server.corpus / "kris-2.txt").read_text() == two


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.mark.parametrize(
    ("name", "content", "status", "phrase"),
    [
        ("protokoll.pdf", _png(), 415, "PNG-bild"),
        ("protokoll.pdf", bytes(range(256)) * 8, 415, "ingen PDF-fil"),
        ("protokoll.docx", b"%PDF-1.4 not really", 415, "inget Word-dokument"),
        ("protokoll.txt", b"\x00\x01\x02binary\xff" * 64, 415, "ingen textfil"),
        ("bild.png", _png(), 415, "filtypen .png stöds inte"),
        ("protokoll", b"Protokoll", 415, "filer utan filändelse"),
        ("tom.txt", b"", 422, "tom"),
        ("blank.txt", b" \n\t\n \n", 422, "ingen text"),
        ("skannad.pdf", None, 422, "OCR"),
    ],
)
def test_refused_upload_changes_nothing(
    server: Writable, tmp_path: Path, name: str, content: bytes | None, status: int, phrase: str
) -> None:
    if content is None:
        content = make_scanned_pdf(tmp_path / name).read_bytes()
    before = index_state(server)
    assert_clean_error(upload(server, name, content), status, phrase)
    assert index_state(server) == before


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory, corpus_index: Path) -> Iterator[Writable]:
    """A server that accepts files up to 1 kB and waits at most 0.3 s for a busy index."""
    root = tmp_path_factory.mktemp("small")
    with writable_server(root, corpus_index, max_file_mb=0.001, write_lock_timeout_s=0.3) as running:
        yield running


def test_too_large_upload_is_refused(small: Writable) -> None:
    content = protocol_text("Kulturnämnden", "2025-09-03", LIBRARY * 20).encode()
    assert len(content) > 1100
    assert_clean_error(upload(small, "stor.txt", content), 413, "för stor")
    assert not (small.corpus / "stor.txt").exists()
    huge = content * 1000  # over the request limit too: cut off while it streams in
    assert_clean_error(upload(small, "enorm.txt", huge), 413, "för stor")
    assert not (small.corpus / "enorm.txt").exists()

    def chunked() -> Iterator[bytes]:  # no Content-Length: cut off by counting
        yield b'--gr\r\nContent-Disposition: form-data; name="file"; filename="strom.txt"\r\n\r\n'
        yield from (content for _ in range(1000))
        yield b"\r\n--gr--\r\n"

    streamed = httpx.post(
        f"{small.url}/api/documents",
        content=chunked(),
        headers={"content-type": "multipart/form-data; boundary=gr"},
        timeout=TIMEOUT,
    )
    assert_clean_error(streamed, 413, "för stor")
    assert not (small.corpus / "strom.txt").exists()
    missing = httpx.post(f"{small.url}/api/documents", files={"annat": ("x.txt", b"x")}, timeout=TIMEOUT)
    assert_clean_error(missing, 422, "filen: saknas")


def test_upload_while_the_index_is_busy(small: Writable) -> None:
    content = protocol_text("Jävsnämnden", "2025-03-03", [("1", "Jäv", ["Jävsnämnden beslutar om jäv."])]).encode()
    before = index_state(small)
    with folder_lock(small.index):  # another ingest is writing
        assert_clean_error(upload(small, "jav.txt", content), 503, "uppdateras redan")
    assert index_state(small) == before
    assert upload(small, "jav.txt", content).status_code == 200


@pytest.mark.parametrize(
    ("hostile", "stored"),
    [("../../etc/x.txt", "x.txt"), ("..\\..\\windows\\y.txt", "y.txt"), ("/abs/path/.z.txt", "z.txt")],
)
def test_hostile_file_names_stay_in_the_corpus_folder(server: Writable, hostile: str, stored: str) -> None:
    stem = stored.removesuffix(".txt")
    content = protocol_text(f"Nämnd {stem.upper()}", "2025-06-01", [("1", "Ärende", [f"Nämnden beslutar om {stem}."])])
    response = upload(server, hostile, content.encode())
    assert response.status_code == 200, response.text
    assert response.json()["document"]["source"] == stored
    assert (server.corpus / stored).read_text() == content
    outside = [p for p in server.root.rglob(stored) if p.parent != server.corpus]
    assert outside == [] and not Path("/etc/x.txt").exists()


def test_delete_removes_file_index_and_item(server: Writable) -> None:
    content = protocol_text("Överförmyndarnämnden", "2025-08-08", [("5", "Arvoden för gode män", [
        "Överförmyndarnämnden beslutar att höja arvodena för gode män med tre procent."])])  # fmt: skip
    document = upload(server, "overformyndare.txt", content.encode()).json()["document"]
    item = f"{server.url}/api/items/{document['id']}--5"
    assert httpx.get(item, timeout=TIMEOUT).status_code == 200

    deleted = httpx.delete(f"{server.url}/api/documents/{document['id']}", timeout=TIMEOUT)
    assert deleted.status_code == 204
    assert not (server.corpus / "overformyndare.txt").exists()
    assert_clean_error(httpx.get(item, timeout=TIMEOUT), 404, "finns inte")
    page = httpx.get(f"{server.url}/items/{document['id']}--5", timeout=TIMEOUT)
    assert page.status_code == 404 and "hittades inte" in page.text
    found = httpx.post(f"{server.url}/api/search", json={"query": "arvoden för gode män"}, timeout=TIMEOUT).json()
    assert all(not r["id"].startswith(document["id"]) for r in found["results"])
    assert document["id"] not in {d["id"] for d in httpx.get(f"{server.url}/api/documents", timeout=TIMEOUT).json()}
    again = httpx.delete(f"{server.url}/api/documents/{document['id']}", timeout=TIMEOUT)
    assert_clean_error(again, 404, "finns inte")


def test_deleting_a_corpus_document_touches_only_the_configured_folder(server: Writable) -> None:
    doc_id = "samrad-halsa-vard-och-omsorg-2025-varen"
    assert httpx.delete(f"{server.url}/api/documents/{doc_id}", timeout=TIMEOUT).status_code == 204
    assert not (server.corpus / f"{doc_id}.txt").exists() and not (server.corpus / f"{doc_id}.meta.toml").exists()
    assert (CORPUS / f"{doc_id}.txt").exists() and (CORPUS / f"{doc_id}.meta.toml").exists()
    assert_clean_error(httpx.get(f"{server.url}/api/items/{doc_id}--5", timeout=TIMEOUT), 404)


def test_list_shows_files_that_cannot_be_indexed(server: Writable) -> None:
    (server.corpus / "anteckningar.txt").write_bytes(b"\x00\x01\x02binary\xff" * 64)
    listed = {d["id"]: d for d in httpx.get(f"{server.url}/api/documents", timeout=TIMEOUT).json()}
    broken = listed["anteckningar"]
    assert broken["status"] == "fel" and broken["source"] == "anteckningar.txt" and broken["items"] == 0
    assert "binär och inte text" in broken["error"]
    assert listed["lanssamverkansgruppen-2026-02-20"]["status"] == "indexerad"
    assert listed["lanssamverkansgruppen-2026-02-20"]["items"] == 21


def test_source_download_is_an_attachment(server: Writable, tmp_path: Path) -> None:
    content = html_bytes(tmp_path, protocol_lines("Kommunstyrelsen", "2025-12-01", [
        ("1", "Markanvisning", ["Kommunstyrelsen beslutar om markanvisning för kvarteret Lärkan."])]))  # fmt: skip
    document = upload(server, 'ks "slutlig".html', content).json()["document"]
    response = httpx.get(f"{server.url}/documents/{document['id']}/source", timeout=TIMEOUT)
    assert response.status_code == 200 and response.content == content
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and '"slutlig"' not in disposition
    assert not response.headers["content-type"].startswith("text/html")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert_clean_error(httpx.get(f"{server.url}/documents/finns-inte/source", timeout=TIMEOUT), 404, "finns inte")


def test_decisions_csv_includes_uploaded_decisions(server: Writable) -> None:
    content = protocol_text(
        "Revisionen", "2025-07-07", [("9", "Granskningsplan", ["Revisionen beslutar att anta granskningsplanen."])]
    )
    document = upload(server, "revision.txt", content.encode()).json()["document"]
    response = httpx.get(f"{server.url}/api/decisions", params={"body": "Revisionen", "format": "csv"}, timeout=TIMEOUT)
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[1][0] == "Revisionen 2025-07-07 §9" and rows[1][-1] == f"/items/{document['id']}--9"
    assert len(rows) == 2


def test_concurrent_uploads_of_one_name_are_all_kept_and_indexed(server: Writable) -> None:
    towns = ["Lycksele", "Vilhelmina", "Storuman", "Sorsele"]
    contents = {
        town: protocol_text(
            f"Beredningen i {town}",
            "2025-04-04",
            [("3", f"Badhus i {town}", [f"Beredningen beslutar att renovera badhuset i {town} under året."])],
        ).encode()  # fmt: skip
        for town in towns
    }
    with ThreadPoolExecutor(max_workers=len(towns)) as pool:
        responses = list(pool.map(lambda town: upload(server, "badhus.txt", contents[town]), towns))
    assert [r.status_code for r in responses] == [200] * len(towns)
    ids = [r.json()["document"]["id"] for r in responses]
    names = {r.json()["document"]["source"] for r in responses}
    assert names == {"badhus.txt", "badhus-2.txt", "badhus-3.txt", "badhus-4.txt"} and len(set(ids)) == len(towns)
    assert {(server.corpus / name).read_bytes() for name in names} == set(contents.values())
    for town, doc_id in zip(towns, ids):
        found = httpx.post(f"{server.url}/api/search", json={"query": f"badhuset i {town}"}, timeout=TIMEOUT).json()
        assert found["results"][0]["id"] == f"{doc_id}--3"


def test_upload_failing_inside_ingest_leaves_no_trace(server: Writable, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected failure while indexing (here: the embedding model) is a Swedish 500 without a traceback,
    and neither the file nor any node of the upload remains."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("embedding model crashed")

    monkeypatch.setattr(IngestService, "_embed", broken)
    content = protocol_text("Gymnasienämnden", "2025-05-05", [("2", "Antagning", ["Nämnden beslutar om antagning."])])
    before = index_state(server)
    assert_clean_error(upload(server, "gymnasium.txt", content.encode()), 500, "oväntat fel")
    assert index_state(server) == before
    monkeypatch.undo()
    retried = upload(server, "gymnasium.txt", content.encode())
    assert retried.status_code == 200 and retried.json()["document"]["source"] == "gymnasium.txt"


def test_text_without_structure_is_uploaded_and_read_in_passages(server: Writable) -> None:
    """No readable document is refused for its structure: a text with no numbering becomes passages."""
    content = "Pannkakor: mjöl, mjölk och ägg. Vispa smeten slät och stek tunna pannkakor i smör.\n".encode()
    response = upload(server, "recept.txt", content)
    assert response.status_code == 200, response.text
    document = response.json()["document"]
    assert (document["kind"], document["structure"], document["status"]) == ("document", "passages", "indexerad")
    assert document["items"] >= 1
