"""The corpus as users manage it: list documents, upload one (parsed and indexed at once), delete one.

Uploads go through the same ingest as `assistant ingest`, one file at a time, under a lock so
two uploads (or an upload and a delete) never interleave their index writes. A file is
written into the corpus folder only after its name and type have been checked, and removed
again if it cannot be parsed or indexed, so a failed upload leaves the corpus and the index
as they were.
"""

from __future__ import annotations

import builtins
import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from llama_index.core.embeddings import BaseEmbedding

from assistant.config import Settings
from assistant.documents import DocumentError, parse_file
from assistant.documents.errors import display_name
from assistant.documents.models import DocumentKind, Structure
from assistant.documents.parser import document_paths
from assistant.documents.sidecar import sidecar_path
from assistant.indexing.errors import IndexMissing
from assistant.indexing.ids import document_id
from assistant.indexing.ingest import IngestService
from assistant.indexing.progress import Progress
from assistant.indexing.store import IndexedDocument, IndexStore
from assistant.server.catalogue import CatalogueDocument, catalogue
from assistant.server.documents.content import content_problem, shape_problem
from assistant.server.documents.documents_errors import DocumentNotFound, DocumentRejected
from assistant.server.documents.documents_models import DocumentInfo, ItemSummary, UploadResult
from assistant.server.documents.filenames import numbered, safe_filename
from assistant.server.documents.rejections import rejection, size_text

log = logging.getLogger(__name__)
_MAX_REMEMBERED = 1000  # parse failures remembered per file version
NOT_INDEXED = "Dokumentet finns i dokumentmappen men är inte indexerat än; kör `assistant ingest`."
_MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain",
    ".md": "text/plain",
    ".markdown": "text/plain",
}


@dataclass(frozen=True)
class SourceFile:
    """An original document to send back: where it is, what to call it, and as what type."""

    path: Path
    filename: str
    media_type: str  # HTML is sent as octet-stream: it must never render on our own origin


class DocumentsService:
    """Lists, uploads and deletes the documents of `settings.corpus_dir` and the index in `index_dir`."""

    def __init__(
        self,
        settings: Settings,
        index_dir: Path,
        store: Callable[[], IndexStore],
        embedding: Callable[[], BaseEmbedding],
    ) -> None:
        self.settings = settings
        self.index_dir = index_dir
        self._store = store
        self._embedding = embedding
        self._lock = threading.Lock()
        self._failures: dict[tuple[str, int, int], str] = {}

    @property
    def corpus_dir(self) -> Path:
        return self.settings.corpus_dir

    @property
    def max_bytes(self) -> int:
        """The largest upload accepted (`ASSISTANT_MAX_FILE_MB`, the same limit ingest applies)."""
        return int(self.settings.max_file_mb * 1024 * 1024)

    # --- reading -----------------------------------------------------------------------

    def list(self) -> builtins.list[DocumentInfo]:
        """Every indexed document, and every file in the corpus folder that is not searchable, with why."""
        store = self._store_or_none()
        registry = store.indexed_documents() if store else {}
        documents = catalogue(store) if store else {}
        infos = [_info(documents.get(doc_id), known) for doc_id, known in registry.items()]
        for path in self._corpus_files():
            doc_id = document_id(path, self.corpus_dir)
            if doc_id not in registry:
                infos.append(self._unindexed(doc_id, path))
        return sorted(infos, key=lambda d: (d.status != "indexerad", d.date is None, d.date or "", d.source))

    def source(self, doc_id: str) -> SourceFile:
        """The original file of a document; DocumentNotFound if there is none."""
        paths = self._files_of(doc_id)
        if not paths:
            raise DocumentNotFound(doc_id)
        path = paths[0]
        return SourceFile(path, path.name, _MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream"))

    # --- changing ------------------------------------------------------------------------

    def upload(self, filename: str, content: bytes, progress: Progress | None = None) -> UploadResult:
        """Store, parse and index one document; DocumentRejected (Swedish, with status) if it is not accepted.

        `progress` hears how the ingest goes (the UI shows it per file); without it, the log does."""
        name = safe_filename(filename)
        if len(content) > self.max_bytes:
            raise DocumentRejected(
                f"«{name}» är för stor ({size_text(len(content))}; gränsen är {size_text(self.max_bytes)}).", 413
            )
        if not content:
            raise DocumentRejected(f"«{name}» är tom.", 422)
        if problem := content_problem(name, content):
            raise DocumentRejected(f"«{name}» kan inte läsas in: {problem}.", 415)
        if problem := shape_problem(name, content):
            raise DocumentRejected(f"«{name}» kan inte läsas in: {problem}.", 422)
        digest = hashlib.sha256(content).hexdigest()
        with self._lock:
            if existing := self._indexed_with_hash(digest):
                return self._result(existing, duplicate=True)
            target = self._free_path(name)
            self.corpus_dir.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as handle:
                handle.write(content)
            doc_id = document_id(target, target.parent)
            try:
                report = IngestService(self.settings, self.index_dir, embedding=self._embedding()).ingest(
                    [target], progress=progress
                )
            except BaseException:
                log.exception("ingesting the upload %s failed", target)
                self._undo(target, doc_id)
                raise
            if report.failed:
                target.unlink(missing_ok=True)
                raise rejection(report.failed[0], name)
            log.info("uploaded %s as %s (%d nodes)", target, doc_id, report.nodes)
            return self._result(doc_id, duplicate=False)

    def delete(self, doc_id: str) -> None:
        """Remove a document from the index and its file (and sidecar) from the corpus folder."""
        with self._lock:
            store = self._store_or_none()
            indexed = doc_id in (store.indexed_documents() if store else {})
            paths = self._files_of(doc_id, inside_corpus_only=True)
            if not indexed and not paths:
                raise DocumentNotFound(doc_id)
            if indexed:
                IngestService(self.settings, self.index_dir, embedding=self._embedding()).remove([doc_id])
            for path in paths:
                sidecar = sidecar_path(path)
                path.unlink(missing_ok=True)
                if sidecar is not None:
                    sidecar.unlink(missing_ok=True)
            log.info("deleted %s (index: %s, files: %s)", doc_id, indexed, [p.name for p in paths])

    # --- helpers ---------------------------------------------------------------------------

    def _store_or_none(self) -> IndexStore | None:
        try:
            return self._store()
        except IndexMissing:
            return None

    def _corpus_files(self) -> builtins.list[Path]:
        return list(document_paths(self.corpus_dir)) if self.corpus_dir.is_dir() else []

    def _files_of(self, doc_id: str, *, inside_corpus_only: bool = False) -> builtins.list[Path]:
        """The document's files: those in the corpus folder with this id, else (for reading only)
        the file the index says it was read from. Nothing outside the corpus folder is ever deleted."""
        paths = [p for p in self._corpus_files() if document_id(p, self.corpus_dir) == doc_id]
        if paths or inside_corpus_only:
            return paths
        store = self._store_or_none()
        known = (store.indexed_documents() if store else {}).get(doc_id)
        if known and Path(known.source).is_file():
            return [Path(known.source)]
        return []

    def _indexed_with_hash(self, digest: str) -> str | None:
        store = self._store_or_none()
        if store is None:
            return None
        for _, meta in store.node_metadata({"sha256": digest}):
            return str(meta.get("doc_id") or "") or None
        return None

    def _free_path(self, name: str) -> Path:
        """`name` in the corpus folder, numbered if the file, its document id or a sidecar is taken."""
        store = self._store_or_none()
        taken = set(store.indexed_documents() if store else {})
        taken |= {document_id(p, self.corpus_dir) for p in self._corpus_files()}
        for n in range(1, 10_000):
            candidate = self.corpus_dir / (name if n == 1 else numbered(name, n))
            free = not candidate.exists() and sidecar_path(candidate) is None
            if free and document_id(candidate, self.corpus_dir) not in taken:
                return candidate
        raise DocumentRejected(f"Det finns redan för många dokument som heter «{name}»; byt namn på filen.", 409)

    def _undo(self, target: Path, doc_id: str) -> None:
        """After a failed ingest: no file, and no nodes, of the upload (best effort; the error is raised anyway).

        Nodes are looked for first, committed or not: when the ingest failed before writing
        (e.g. the index was busy), there is nothing to remove and no reason to wait for the index again.
        """
        target.unlink(missing_ok=True)
        try:
            store = self._store_or_none()
            if store is not None and store.items.get(where={"doc_id": doc_id}, limit=1, include=[])["ids"]:
                IngestService(self.settings, self.index_dir, embedding=self._embedding()).remove([doc_id])
        except Exception:  # noqa: BLE001 - the original error is what the caller must see
            log.exception("could not undo the failed upload %s", doc_id)

    def _result(self, doc_id: str, *, duplicate: bool) -> UploadResult:
        store = self._store()
        document = catalogue(store, doc_id).get(doc_id)
        known = store.indexed_documents().get(doc_id)
        if document is None or known is None:
            raise DocumentNotFound(doc_id)
        items = [ItemSummary(id=i.id, number=i.number, title=i.title, kind=i.kind, url=i.url) for i in document.items]
        return UploadResult(document=_info(document, known), items=items, duplicate=duplicate)

    def _unindexed(self, doc_id: str, path: Path) -> DocumentInfo:
        return DocumentInfo(
            id=doc_id, title=path.name, kind=None, source=path.name, items=0, status="fel", error=self._why(path)
        )

    def _why(self, path: Path) -> str:
        """Why a corpus file is not searchable: its parse error (cached per file version), or not ingested yet."""
        try:
            stat = path.stat()
        except OSError:
            return "Filen kan inte läsas."
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in self._failures:
            if len(self._failures) > _MAX_REMEMBERED:
                self._failures.clear()
            try:
                parse_file(path, max_bytes=self.max_bytes)
                self._failures[key] = NOT_INDEXED
            except DocumentError as error:
                self._failures[key] = f"{display_name(path)}: {error.reason}"
        return self._failures[key]


def _info(document: CatalogueDocument | None, known: IndexedDocument) -> DocumentInfo:
    name = Path(known.source).name
    if document is None:  # registered, but no nodes: nothing to cite
        return DocumentInfo(id=known.doc_id, title=name, kind=None, source=name, items=0, status="fel",
                            error="Dokumentet är registrerat i indexet men har inga ärenden; läs in det igen.")  # fmt: skip
    kind = document.kind if document.kind in get_args(DocumentKind) else None
    return DocumentInfo(
        id=document.doc_id,
        title=document.title or document.body or name,
        kind=kind,  # type: ignore[arg-type]
        structure=document.structure if document.structure in get_args(Structure) else None,  # type: ignore[arg-type]
        body=document.body,
        date=document.date,
        source=name,
        items=len(document.items),
        status="indexerad",
    )
