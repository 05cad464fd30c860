"""Shared pieces of the HTTP API tests: a writable copy of the session index behind a live server,
protocols to upload in every supported format, and checks that errors are clean and Swedish."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.config import Settings
from tests.docfactory import make_docx, make_html, pdf_bytes
from tests.live_server import live_server

TIMEOUT = 120
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@dataclass(frozen=True)
class Writable:
    """A live server over private copies of the corpus and the index: uploads and deletes land here."""

    url: str
    corpus: Path
    index: Path
    root: Path


@contextmanager
def writable_server(root: Path, corpus_index: Path, **settings: object) -> Iterator[Writable]:
    """Copy the session index and the corpus under `root` and serve them; the originals are never touched."""
    corpus, index = root / "corpus", root / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(corpus_index, index)
    with live_server(Settings(corpus_dir=corpus, **settings), index) as url:  # type: ignore[arg-type]
        yield Writable(url, corpus, index, root)


def upload(server: Writable, name: str, content: bytes) -> httpx.Response:
    """POST a file to /api/documents as a browser's form would."""
    return httpx.post(f"{server.url}/api/documents", files={"file": (name, content)}, timeout=TIMEOUT)


def index_state(server: Writable) -> tuple[list[str], int, list[str]]:
    """What a failed upload must not change: the corpus folder, the index's size, the document list."""
    files = sorted(str(p.relative_to(server.corpus)) for p in server.corpus.rglob("*"))
    nodes = httpx.get(f"{server.url}/healthz", timeout=TIMEOUT).json()["nodes"]
    documents = sorted(d["id"] for d in httpx.get(f"{server.url}/api/documents", timeout=TIMEOUT).json())
    return files, nodes, documents


def assert_clean_error(response: httpx.Response, status: int | tuple[int, ...], phrase: str = "") -> str:
    """The response is an error with this status, a Swedish `detail` containing `phrase`, and no traceback."""
    statuses = (status,) if isinstance(status, int) else status
    assert response.status_code in statuses, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    assert phrase in detail, detail
    for leak in ("Traceback", 'File "', "Error:", "Exception", "/tmp/", "site-packages"):
        assert leak not in response.text, response.text
    return detail


def protocol_lines(body: str, date: str, items: list[tuple[str, str, list[str]]]) -> list[str]:
    """A small protocol as lines: header, then `§ n Title` and the item's lines."""
    lines = [f"Protokoll {body}", f"Sammanträdesdatum {date}", "Plats: Stadshuset"]
    for number, title, text in items:
        lines.append(f"§ {number} {title}")
        lines.extend(text)
    return lines


def protocol_text(body: str, date: str, items: list[tuple[str, str, list[str]]]) -> str:
    return "\n".join(protocol_lines(body, date, items)) + "\n"


def docx_bytes(tmp: Path, lines: list[str]) -> bytes:
    return make_docx(tmp / "upload.docx", lines).read_bytes()


def html_bytes(tmp: Path, lines: list[str]) -> bytes:
    body = "\n".join(f"<p>{line}</p>" for line in lines)
    return make_html(tmp / "upload.html", body).read_bytes()


def pdf_document(lines: list[str]) -> bytes:
    return pdf_bytes(["\n".join(lines)])
