"""The index as stored: Chroma collections for nodes and for the document registry.

It records which embedding model (name and dimension) built it, so a query with another
model is refused instead of silently comparing vectors from different spaces, and a
generation number that every change bumps, so readers know when their caches are stale.

What is stored of a node is what a search, an answer or a page reads, and no more: its vector,
the fields Chroma filters on as plain metadata, and the rest of its metadata and its text each
as one zlib-compressed string (`pack`). No llama-index node JSON (`_node_content`, which
repeated every field), and no Chroma document, whose full-text index (trigrams) was the
largest part of the index and is never searched: BM25 covers words (eval/RESULTS.md, Scale).

Crash safety: a node is stored under its id plus its document's version (`…--12@3f2a…`),
and the registry names the one version of each document that is visible. A new version is
written beside the old one and made visible by one registry write (the commit); the old
version's nodes are deleted after. A journal entry (`__pending__:<doc>`) written before any
change lets the next writer finish or undo what a killed one left. Readers see only
committed versions, by the logical id (`…--12`), whatever state the writer died in.
"""

from __future__ import annotations

import base64
import json
import logging
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.errors import NotFoundError
from llama_index.core.schema import BaseNode, MetadataMode

from assistant.components.vector_store.chroma import (
    DOCUMENTS,
    ITEMS,
    chroma_client,
    documents_collection,
    items_collection,
)
from assistant.config import Settings
from assistant.indexing.errors import IndexMissing, IndexModelMismatch, IndexUnavailable
from assistant.indexing.server_lock import is_lock_record
from assistant.retrieval.analyzer import CompoundMode
from assistant.retrieval.lexical import LexicalIndex, LexicalRecord, fingerprint

log = logging.getLogger(__name__)
_MANIFEST = "__index__"
_PENDING = "__pending__:"
_VERSION_MARK = "@"
_VERSION_CHARS = 16
_NO_VECTOR: list[Sequence[float] | Sequence[int]] = [[0.0]]  # registry records need a vector; never searched
_PAGE = 500  # records a read brings: at 100k items, pages of 2000 left Chroma holding ~170 MB more
_GENERATION_TTL_S = 0.25
_generations: dict[str, tuple[int, float]] = {}  # index location -> (generation, when read)
FILTERABLE = ("body", "item_kind", "doc_kind", "date_num", "doc_id")
# What a Chroma `where` may name (the rest is packed, invisible to filters): the search filters,
# the part (catalogues read part 0), the version (visibility) and the file's hash (an upload of
# bytes already indexed is answered with the document that has them).
_PLAIN = frozenset((*FILTERABLE, "part", "version", "sha256"))
_FIELDS, _TEXT = "fields_z", "text_z"
STORE_FORMAT = "packed-3"
"""How nodes are stored (`pack`); part of every document's version, so a change re-indexes."""
_ADD_BATCH = 1000  # records per Chroma add (its limit is larger; a large document stays well below)


@dataclass(frozen=True)
class IndexedDocument:
    doc_id: str
    source: str
    version: str
    nodes: int


class IndexStore:
    """Chroma as this application uses it."""

    def __init__(self, client: ClientAPI, items: Collection, documents: Collection, where: str) -> None:
        self.client = client
        self.items = items
        self.documents = documents
        self.where = where

    @classmethod
    def open(cls, settings: Settings, index_dir: Path, *, create: bool) -> IndexStore:
        """Open the index; with `create` make it if missing, else refuse with IndexMissing."""
        where = settings.chroma_url or str(index_dir)
        if not create and not settings.chroma_url and not (index_dir / "chroma").is_dir():
            raise IndexMissing(where)
        try:
            client = chroma_client(settings, index_dir)
            prefix = settings.collection_prefix
            if create:
                items, documents = items_collection(client, prefix), documents_collection(client, prefix)
            else:
                items = client.get_collection(f"{prefix}{ITEMS}", embedding_function=None)
                documents = client.get_collection(f"{prefix}{DOCUMENTS}", embedding_function=None)
        except (NotFoundError, ValueError) as error:
            if not create:
                raise IndexMissing(where) from error
            raise IndexUnavailable(where, str(error)) from error
        except Exception as error:  # noqa: BLE001 - connection refused, corrupt files, …
            log.exception("cannot open the index in %s", where)
            raise IndexUnavailable(where, type(error).__name__) from error
        return cls(client, items, documents, where)

    # --- the manifest: model and generation ---------------------------------------------

    def _manifest(self) -> dict[str, Any]:
        got = self.documents.get(ids=[_MANIFEST], include=["metadatas"])
        return dict(got["metadatas"][0]) if got["ids"] and got["metadatas"] else {}

    def model(self) -> tuple[str, int] | None:
        manifest = self._manifest()
        if "embed_model" not in manifest:
            return None
        return str(manifest["embed_model"]), int(manifest["embed_dim"])

    def generation(self) -> int:
        """The index's generation: bumped by every ingest that changes something.

        A question asks it several times (search, lexical index, answering statistics), so it is
        remembered for `_GENERATION_TTL_S` per index location, shared by every IndexStore of this
        process and updated at once by this process's own writes; another process's ingest is
        seen within that time. Which nodes are visible is always read fresh (`committed`).
        """
        now = time.monotonic()
        seen = _generations.get(self.where)
        if seen is not None and now - seen[1] < _GENERATION_TTL_S:
            return seen[0]
        generation = int(self._manifest().get("generation", 0))
        _generations[self.where] = (generation, now)
        return generation

    def check_model(self, name: str, dimension: int, *, claim: bool = False) -> None:
        """Refuse a model other than the one that built the index; `claim` records it on an empty index."""
        built = self.model()
        if built is None:
            if not claim:
                raise IndexMissing(self.where)
            self._write_manifest(embed_model=name, embed_dim=dimension)
        elif built != (name, dimension):
            raise IndexModelMismatch(built[0], built[1], name, dimension)

    def bump_generation(self) -> None:
        generation = int(self._manifest().get("generation", 0)) + 1
        self._write_manifest(generation=generation)
        _generations[self.where] = (generation, time.monotonic())

    def _write_manifest(self, **values: str | int) -> None:
        manifest: dict[str, Any] = self._manifest() | values
        self.documents.upsert(ids=[_MANIFEST], embeddings=_NO_VECTOR, metadatas=[manifest])

    # --- documents ---------------------------------------------------------------------

    def indexed_documents(self) -> dict[str, IndexedDocument]:
        """The committed documents (the registry), by document id."""
        out: dict[str, IndexedDocument] = {}
        for record_id, meta, _ in _pages(self.documents, ["metadatas"]):
            if record_id != _MANIFEST and not record_id.startswith(_PENDING) and not is_lock_record(record_id):
                out[record_id] = IndexedDocument(
                    record_id, str(meta["source"]), str(meta["version"]), int(meta["nodes"])
                )
        return out

    def committed(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """The visible version of each of these documents (absent: not indexed), read fresh."""
        wanted = sorted(set(doc_ids))
        if not wanted:
            return {}
        got = self.documents.get(ids=wanted, include=["metadatas"])
        return {i: str((m or {}).get("version", "")) for i, m in zip(got["ids"], got["metadatas"] or [])}

    def begin(self, doc_id: str, version: str) -> None:
        """Journal a change to a document before making it (version "" for a removal)."""
        meta: dict[str, str | int] = {"doc_id": doc_id, "version": version}
        self.documents.upsert(ids=[_PENDING + doc_id], embeddings=_NO_VECTOR, metadatas=[meta])

    def add(self, nodes: Sequence[BaseNode], version: str) -> None:
        """Store a document version's nodes beside any committed version; invisible until `commit`."""
        for start in range(0, len(nodes), _ADD_BATCH):
            batch = nodes[start : start + _ADD_BATCH]
            vectors: list[Sequence[float] | Sequence[int]] = [n.get_embedding() for n in batch]
            self.items.add(
                ids=[stored_id(n.node_id, version) for n in batch],
                embeddings=vectors,
                metadatas=[
                    pack(n.metadata | {"version": version}, n.get_content(metadata_mode=MetadataMode.NONE))
                    for n in batch
                ],
            )

    def commit(self, doc_id: str, source: str, version: str, nodes: int) -> None:
        """Make `version` the visible one (a single registry write), then drop the others."""
        meta: dict[str, str | int] = {"source": source, "version": version, "nodes": nodes}
        self.documents.upsert(ids=[doc_id], embeddings=_NO_VECTOR, metadatas=[meta])
        self._drop_other_versions(doc_id, version)
        self.documents.delete(ids=[_PENDING + doc_id])

    def register(self, doc_id: str, source: str, version: str, nodes: int) -> None:
        """Record a document version whose nodes are already stored (see `commit`)."""
        self.commit(doc_id, source, version, nodes)

    def remove(self, doc_id: str) -> None:
        """Remove a document: invisible at once (the registry entry goes first), then its nodes."""
        self.begin(doc_id, "")
        self.documents.delete(ids=[doc_id])
        self.items.delete(where={"doc_id": doc_id})
        self.documents.delete(ids=[_PENDING + doc_id])

    def recover(self) -> list[str]:
        """Finish what a killed writer left: delete every node of a journalled document that is not
        its committed version. Returns the documents it cleaned."""
        cleaned = []
        for record_id, meta, _ in list(_pages(self.documents, ["metadatas"])):
            if record_id.startswith(_PENDING):
                doc_id = str(meta.get("doc_id") or record_id[len(_PENDING) :])
                version = self.committed([doc_id]).get(doc_id)
                if version is None:
                    self.items.delete(where={"doc_id": doc_id})
                else:
                    self._drop_other_versions(doc_id, version)
                self.documents.delete(ids=[record_id])
                cleaned.append(doc_id)
        if cleaned:
            log.warning("finished an interrupted ingest of %s", ", ".join(cleaned))
        return cleaned

    def _drop_other_versions(self, doc_id: str, version: str) -> None:
        where: dict[str, Any] = {"$and": [{"doc_id": doc_id}, {"version": {"$ne": version}}]}
        self.items.delete(where=where)

    def pending(self) -> list[str]:
        """Documents with an unfinished change (a writer is at work, or was killed)."""
        return [i[len(_PENDING) :] for i, _, _ in _pages(self.documents, []) if i.startswith(_PENDING)]

    # --- nodes ---------------------------------------------------------------------------

    def count(self) -> int:
        return int(self.items.count())

    def versions(self) -> dict[str, str]:
        """The committed version of every document, by document id."""
        return {d.doc_id: d.version for d in self.indexed_documents().values()}

    def lexical_records(self, committed: dict[str, str] | None = None) -> list[LexicalRecord]:
        """Every visible node's text and filter fields, for (re)building BM25; `committed` is
        `versions()` if the caller has read it already."""
        committed = self.versions() if committed is None else committed
        return [
            _lexical_record(record_id, meta, document)
            for record_id, meta, document in _pages(self.items, ["metadatas", "documents"])
            if _visible(meta, committed)
        ]

    def build_lexical(self, compounds: CompoundMode) -> LexicalIndex:
        """BM25, the corpus statistics and the vectors of the visible nodes, as the store holds them now."""
        versions = self.versions()
        records, vectors = self.snapshot(versions)
        return LexicalIndex.build(records, compounds, fingerprint(versions, compounds), vectors)

    def snapshot(self, committed: dict[str, str]) -> tuple[list[LexicalRecord], np.ndarray]:
        """`lexical_records` and, row for row, their vectors (float32), read in one pass.

        The vectors go straight into one matrix sized by the store's count (an upper bound:
        superseded versions are skipped) and shrunk in place at the end: gathering pages and
        concatenating them held every vector twice, ~160 MB more at the 100k ingest's peak.
        """
        records: list[LexicalRecord] = []
        matrix: np.ndarray | None = None
        filled = 0
        offset = 0
        while True:
            got = self.items.get(include=["metadatas", "documents", "embeddings"], limit=_PAGE, offset=offset)
            ids = got["ids"]
            if not ids:
                break
            metadatas: list[Any] = got.get("metadatas") or [{}] * len(ids)
            documents: list[Any] = got.get("documents") or [None] * len(ids)
            rows = []
            for n, (record_id, m, document) in enumerate(zip(ids, metadatas, documents)):
                meta = dict(m or {})
                if _visible(meta, committed):
                    rows.append(n)
                    records.append(_lexical_record(record_id, meta, document))
            if rows:
                page = np.asarray(got["embeddings"], dtype=np.float32)[rows]
                if matrix is None or filled + len(page) > len(matrix):  # the count grew meanwhile
                    size = max(self.count(), filled + len(page))
                    grown = np.empty((size, page.shape[1]), dtype=np.float32)
                    if matrix is not None:
                        grown[:filled] = matrix[:filled]
                    matrix = grown
                matrix[filled : filled + len(page)] = page
                filled += len(page)
            offset += len(ids)
        if matrix is None:
            return records, np.zeros((0, 0), dtype=np.float32)
        matrix.resize((filled, matrix.shape[1]), refcheck=False)  # in place: no second copy
        return records, matrix

    def lexical_fingerprint(self, compounds: CompoundMode) -> str:
        """The fingerprint a current lexical index of this store has."""
        return fingerprint(self.versions(), compounds)

    def node_metadata(self, where: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        """(node id, metadata) of every visible node matching a Chroma `where` filter."""
        _check_plain(where)
        committed = self.versions()
        for record_id, meta, _ in _pages(self.items, ["metadatas"], where):
            if _visible(meta, committed):
                yield logical_id(record_id), fields_of(meta)

    def nodes(
        self, ids: Sequence[str], committed: dict[str, str] | None = None
    ) -> dict[str, tuple[dict[str, Any], str]]:
        """Metadata and text of the given nodes' committed versions (missing ids are left out).

        `committed`: the versions an earlier read of the same answer saw (`committed(...)`), so
        an item's later parts come from the version its first part did, one registry read fewer.
        """
        if not ids:
            return {}
        committed = self.committed(document_of(i) for i in ids) if committed is None else committed
        stored = {stored_id(i, committed[document_of(i)]): i for i in ids if document_of(i) in committed}
        stored |= {i: i for i in ids}  # an index written before versioned ids
        got = self.items.get(ids=list(stored), include=["metadatas", "documents"])
        metadatas, documents = got["metadatas"] or [], got["documents"] or []
        out: dict[str, tuple[dict[str, Any], str]] = {}
        for record_id, m, d in zip(got["ids"], metadatas, documents):
            meta = dict(m or {})
            if _visible(meta, committed):
                out[stored[record_id]] = (fields_of(meta), text_of(meta, d))
        return out

    def nearest(self, vector: Sequence[float], k: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """(node id, cosine distance) of the `k` nearest stored nodes that belong to a committed
        version, nearest first.

        Chroma is asked for ids and distances only: the node's version is part of its stored id,
        so visibility needs no metadata, and texts are fetched later for the few items that
        make the final ranking. (llama-index's retriever reads every candidate's metadata and
        text and rebuilds a node from each; for 50 candidates that was half of a search's time.)
        """
        if k <= 0:
            return []
        query: list[Sequence[float] | Sequence[int]] = [list(vector)]
        got = self.items.query(
            query_embeddings=query,
            n_results=k,
            where=_check_plain(where) or None,
            include=["distances"],
        )
        ids, distances = got["ids"][0], (got["distances"] or [[]])[0]
        committed = self.committed(document_of(logical_id(i)) for i in ids)
        return [(logical_id(i), float(d)) for i, d in zip(ids, distances) if _visible_id(i, committed)]


def _lexical_record(record_id: str, meta: dict[str, Any], document: str | None) -> LexicalRecord:
    return LexicalRecord(
        node_id=logical_id(record_id),
        text=text_of(meta, document),
        version=str(meta.get("version", "")),
        filterable={key: meta[key] for key in FILTERABLE if key in meta},
    )


def pack(metadata: dict[str, Any], text: str) -> dict[str, Any]:
    """A node's metadata as stored: the filterable fields plain, the rest and the text compressed."""
    plain = {k: v for k, v in metadata.items() if k in _PLAIN}
    rest = {k: v for k, v in metadata.items() if k not in _PLAIN}
    return plain | {_FIELDS: _deflate(json.dumps(rest, ensure_ascii=False)), _TEXT: _deflate(text)}


def fields_of(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored node's metadata, whole again (an index written by llama-index's store: as it is,
    without its node JSON)."""
    if _FIELDS not in stored:
        return {k: v for k, v in stored.items() if not k.startswith("_node_")}
    rest = {k: v for k, v in stored.items() if k not in (_FIELDS, _TEXT)}
    return rest | json.loads(_inflate(str(stored[_FIELDS])))


def text_of(stored: dict[str, Any], document: str | None = None) -> str:
    """A stored node's text (an index written by llama-index's store keeps it as the Chroma document)."""
    return _inflate(str(stored[_TEXT])) if _TEXT in stored else document or ""


def _deflate(text: str) -> str:
    # base64, not the denser base85: its decoder is C, base85's Python (a third of an answer's time).
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")


def _inflate(packed: str) -> str:
    return zlib.decompress(base64.b64decode(packed)).decode("utf-8")


def stored_id(node_id: str, version: str) -> str:
    """The id a node is stored under: its own id and its document's version."""
    return f"{node_id}{_VERSION_MARK}{version[:_VERSION_CHARS]}"


def logical_id(record_id: str) -> str:
    """A stored node's own id (what citations and the API use)."""
    return record_id.split(_VERSION_MARK, 1)[0]


def document_of(node_id: str) -> str:
    """The document id of a node id (`<doc>--<item>`; document ids never hold "--")."""
    return node_id.split("--", 1)[0]


def _visible_id(record_id: str, committed: dict[str, str]) -> bool:
    """Whether a stored id is of its document's committed version (an id from before versioned
    ids carries no version: it is visible while its document is registered)."""
    node_id, mark, version = record_id.partition(_VERSION_MARK)
    doc_id = document_of(node_id)
    if doc_id not in committed:
        return False
    return not mark or committed[doc_id][:_VERSION_CHARS] == version


def _visible(meta: dict[str, Any], committed: dict[str, str]) -> bool:
    doc_id = str(meta.get("doc_id", ""))
    return doc_id in committed and str(meta.get("version", "")) == committed[doc_id]


def _check_plain(where: dict[str, Any] | None) -> dict[str, Any] | None:
    """`where`, if every field it names is stored plain; a filter on a packed field would match
    nothing, silently, so it is refused as the programming error it is."""
    for key, value in (where or {}).items():
        if key in ("$and", "$or"):
            for part in value:
                _check_plain(part)
        elif key not in _PLAIN:
            raise ValueError(f"{key!r} is packed, not a filterable field of the store")
    return where


def _pages(
    collection: Collection, include: list[str], where: dict[str, Any] | None = None
) -> Iterator[tuple[str, dict[str, Any], str | None]]:
    """All (matching) records of a collection, a page at a time (a single get of 100k records is too big)."""
    offset = 0
    while True:
        got = collection.get(include=include, where=where, limit=_PAGE, offset=offset)  # type: ignore[arg-type]
        ids = got["ids"]
        if not ids:
            return
        metadatas: list[Any] = got.get("metadatas") or [{}] * len(ids)
        documents: list[Any] = got.get("documents") or [None] * len(ids)
        for record_id, meta, text in zip(ids, metadatas, documents):
            yield record_id, dict(meta or {}), text
        offset += len(ids)
