"""Ingest: documents on disk to an up-to-date index, doing only the work that changed.

Each document's version is the hash of its bytes and its sidecar's. An unchanged version
is skipped without parsing; a changed one is parsed, embedded and replaces the old nodes;
a file that disappeared from an ingested folder is removed. A document that fails to
parse is reported and its previous version, if any, stays searchable. Afterwards the
lexical index is rebuilt from what Chroma holds.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from llama_index.core.embeddings import BaseEmbedding
from llama_index.core.schema import BaseNode, TextNode

from assistant.components.embedding import TokenCounting, build_embedding
from assistant.config import Settings
from assistant.documents import PARSE_VERSION, DocumentError, parse_file
from assistant.documents.parser import document_paths
from assistant.documents.sidecar import sidecar_path
from assistant.indexing.failpoints import failpoint
from assistant.indexing.ids import document_id
from assistant.indexing.lock import write_lock
from assistant.indexing.memory import release_memory
from assistant.indexing.nodes import TokenBudget, document_nodes
from assistant.indexing.progress import Progress, ProgressLog, Step
from assistant.indexing.store import STORE_FORMAT, IndexStore
from assistant.retrieval.lexical import LexicalIndex

log = logging.getLogger(__name__)

SCANNING, INDEXING, LEXICAL = "Letar efter ändringar", "Indexerar dokument", "Bygger sökindex"
"""The stages an ingest reports (Swedish: a terminal or a log shows them as they are)."""

LEXICAL_DIR = "lexical"
COARSE = ("headings", "passages")  # structures the ingest summary names: no numbered items or sections


@dataclass
class IngestReport:
    """What an ingest did, for the CLI and the API to show."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[DocumentError] = field(default_factory=list)
    # Documents read at a coarser structure than items or sections: (file name, structure, why).
    coarse: list[tuple[str, str, str]] = field(default_factory=list)
    nodes: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass(frozen=True)
class _Source:
    path: Path
    doc_id: str
    root: Path | None  # the folder it was found in; deletions are only inferred inside folders


def document_version(path: Path) -> str:
    """Hash of the document's bytes, its sidecar's, the parser's version and the store's format: any
    changing means re-indexing."""
    digest = hashlib.sha256(f"{PARSE_VERSION}\0{STORE_FORMAT}".encode() + b"\0" + path.read_bytes())
    if sidecar := sidecar_path(path):
        digest.update(b"\0sidecar\0" + sidecar.read_bytes())
    return digest.hexdigest()


def _sources(paths: Sequence[Path]) -> tuple[list[_Source], list[Path]]:
    sources: list[_Source] = []
    roots: list[Path] = []
    for path in paths:
        if path.is_dir():
            roots.append(path)
            sources.extend(_Source(p, document_id(p, path), path) for p in document_paths(path))
        else:
            sources.append(_Source(path, document_id(path, path.parent), None))
    return sources, roots


def _under(source: str, roots: Sequence[Path]) -> bool:
    resolved = Path(source).resolve()
    return any(resolved.is_relative_to(root.resolve()) for root in roots)


class IngestService:
    """Builds and updates the index in `index_dir` (or on the configured Chroma server)."""

    def __init__(self, settings: Settings, index_dir: Path, embedding: BaseEmbedding | None = None) -> None:
        self.settings = settings
        self.index_dir = index_dir
        self.embedding = embedding or build_embedding(settings)

    def ingest(self, paths: Sequence[Path], *, rebuild: bool = False, progress: Progress | None = None) -> IngestReport:
        """Bring the index up to date with the documents under `paths` (only what changed).

        One writer at a time (IndexBusy, in Swedish, when another holds the index too long);
        killed at any point, the index keeps its previous state and the next ingest finishes.
        Without `progress`, where it stands goes to the log every few seconds.
        """
        with write_lock(self.settings, self.index_dir):
            return self._ingest(paths, rebuild=rebuild, progress=progress)

    def _ingest(self, paths: Sequence[Path], *, rebuild: bool, progress: Progress | None) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        step = progress or ProgressLog(log.info, self.settings.progress_interval_s)
        store = IndexStore.open(self.settings, self.index_dir, create=True)
        if rebuild:
            store = self._wipe(store)
        store.check_model(self.embedding.model_name, self._dimension(), claim=True)
        recovered = store.recover()  # what a killed ingest left half done
        indexed = store.indexed_documents()
        sources, roots = _sources(paths)

        # First only hash: which documents changed is known before anything is parsed.
        changed: list[tuple[_Source, str]] = []
        for n, source in enumerate(sources):
            step(Step(SCANNING, n, len(sources)))
            try:
                version = document_version(source.path)
            except OSError as error:
                report.failed.append(DocumentError(source.path, "filen kan inte läsas"))
                log.warning("cannot read %s: %s", source.path, error)
                continue
            known = indexed.get(source.doc_id)
            if known and known.version == version:
                report.unchanged.append(source.doc_id)
                continue
            changed.append((source, version))
        step(Step(SCANNING, len(sources), len(sources)))

        seen = {s.doc_id for s in sources}
        for doc_id, known in indexed.items():
            if doc_id not in seen and roots and _under(known.source, roots):
                store.remove(doc_id)
                report.removed.append(doc_id)

        # Then one document at a time, parsed, embedded and committed before the next is read, so
        # memory holds one document whatever the size of the corpus.
        budget = TokenBudget(self._count_tokens, self._max_tokens())
        for n, (source, version) in enumerate(changed):
            here = Step(INDEXING, n, len(changed), report.nodes, source.path.name)
            step(here)
            try:
                document = parse_file(source.path, max_bytes=self._max_bytes())
            except DocumentError as error:
                report.failed.append(error)
                continue
            if document.structure in COARSE:
                why = next((w for w in document.warnings if w.startswith("Inga numrerade")), "")
                report.coarse.append((source.path.name, document.structure, why))
            nodes = document_nodes(document, source.doc_id, budget)
            self._embed(nodes, step, here)
            # Journal, write beside the old version, commit in one registry write, drop the old:
            # killed anywhere here, readers still see the previous version (see IndexStore).
            store.begin(source.doc_id, version)
            failpoint("after-begin")
            store.add(list[BaseNode](nodes), version)
            failpoint("after-add")
            store.commit(source.doc_id, str(source.path), version, len(nodes))
            failpoint("after-commit")
            (report.updated if source.doc_id in indexed else report.added).append(source.doc_id)
            report.nodes += len(nodes)
        step(Step(INDEXING, len(changed), len(changed), report.nodes))

        if report.changed or rebuild or recovered or not self._lexical_current(store):
            step(Step(LEXICAL, 0, 1))
            store.bump_generation()
            failpoint("before-lexical")
            release_memory()  # what parsing and embedding freed, before BM25 is built (the peak)
            store.build_lexical(self.settings.compounds).save(self.index_dir / LEXICAL_DIR)
            step(Step(LEXICAL, 1, 1))
        report.seconds = time.perf_counter() - started
        return report

    def remove(self, doc_ids: Sequence[str]) -> IngestReport:
        """Take documents out of the index, e.g. when a user deletes one or an upload must be undone.

        Nodes are deleted even when the registry does not list the document, so that nodes a
        crashed ingest left behind go too; `removed` names only the documents that were listed.
        """
        with write_lock(self.settings, self.index_dir):
            return self._remove(doc_ids)

    def _remove(self, doc_ids: Sequence[str]) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        store = IndexStore.open(self.settings, self.index_dir, create=False)
        store.recover()
        indexed = store.indexed_documents()
        for doc_id in doc_ids:
            store.remove(doc_id)
            if doc_id in indexed:
                report.removed.append(doc_id)
        store.bump_generation()
        store.build_lexical(self.settings.compounds).save(self.index_dir / LEXICAL_DIR)
        report.seconds = time.perf_counter() - started
        return report

    def _lexical_current(self, store: IndexStore) -> bool:
        saved = LexicalIndex.saved_fingerprint(self.index_dir / LEXICAL_DIR)
        return saved is not None and saved == store.lexical_fingerprint(self.settings.compounds)

    def _embed(self, nodes: list[TextNode], progress: Progress, here: Step) -> None:
        """Embed in batches, telling `progress` how far into the document (`here`) each brings it."""
        size = max(1, self.settings.embed_batch_size)
        for start in range(0, len(nodes), size):
            batch = nodes[start : start + size]
            vectors = self.embedding.get_text_embedding_batch([n.get_content() for n in batch])
            for node, vector in zip(batch, vectors):
                node.embedding = vector
            done = start + len(batch)
            progress(replace(here, nodes=here.nodes + done, part=done / len(nodes)))

    def _wipe(self, store: IndexStore) -> IndexStore:
        for name in (store.items.name, store.documents.name):
            store.client.delete_collection(name)
        return IndexStore.open(self.settings, self.index_dir, create=True)

    def _dimension(self) -> int:
        if isinstance(self.embedding, TokenCounting):
            return self.embedding.dimension
        return len(self.embedding.get_text_embedding("dimension"))

    def _max_tokens(self) -> int:
        return self.embedding.max_tokens if isinstance(self.embedding, TokenCounting) else 512

    def _count_tokens(self, text: str) -> int:
        """The model's own count; for an embedding that cannot count, a generous estimate."""
        if isinstance(self.embedding, TokenCounting):
            return self.embedding.count_tokens(text)
        return len(text.split()) * 2

    def _max_bytes(self) -> int:
        return int(self.settings.max_file_mb * 1024 * 1024)
