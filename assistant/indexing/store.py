"""The index as stored: Chroma collections for nodes and for the document registry.

It records which embedding model (name and dimension) built it, so a query with another
model is refused instead of silently comparing vectors from different spaces, and a
generation number that every change bumps, so readers know when their caches are stale.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.errors import NotFoundError
from llama_index.vector_stores.chroma import ChromaVectorStore

from assistant.components.vector_store.chroma import (
    DOCUMENTS,
    ITEMS,
    chroma_client,
    documents_collection,
    items_collection,
)
from assistant.config import Settings
from assistant.indexing.errors import IndexMissing, IndexModelMismatch, IndexUnavailable
from assistant.retrieval.lexical import LexicalRecord

log = logging.getLogger(__name__)
_MANIFEST = "__index__"
_NO_VECTOR: list[Sequence[float] | Sequence[int]] = [[0.0]]  # registry records need a vector; never searched
_PAGE = 2000
FILTERABLE = ("body", "item_kind", "doc_kind", "date_num", "doc_id")


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
        return int(self._manifest().get("generation", 0))

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
        self._write_manifest(generation=self.generation() + 1)

    def _write_manifest(self, **values: str | int) -> None:
        manifest: dict[str, Any] = self._manifest() | values
        self.documents.upsert(ids=[_MANIFEST], embeddings=_NO_VECTOR, metadatas=[manifest], documents=[""])

    # --- documents ---------------------------------------------------------------------

    def indexed_documents(self) -> dict[str, IndexedDocument]:
        out: dict[str, IndexedDocument] = {}
        for record_id, meta, _ in _pages(self.documents, ["metadatas"]):
            if record_id != _MANIFEST:
                out[record_id] = IndexedDocument(
                    record_id, str(meta["source"]), str(meta["version"]), int(meta["nodes"])
                )
        return out

    def register(self, doc_id: str, source: str, version: str, nodes: int) -> None:
        meta: dict[str, str | int] = {"source": source, "version": version, "nodes": nodes}
        self.documents.upsert(ids=[doc_id], embeddings=_NO_VECTOR, metadatas=[meta], documents=[""])

    def remove(self, doc_id: str) -> None:
        """Remove a document's nodes and its registry entry."""
        self.vector_store().delete(ref_doc_id=doc_id)
        self.documents.delete(ids=[doc_id])

    # --- nodes ---------------------------------------------------------------------------

    def vector_store(self) -> ChromaVectorStore:
        return ChromaVectorStore(chroma_collection=self.items)

    def count(self) -> int:
        return int(self.items.count())

    def lexical_records(self) -> list[LexicalRecord]:
        """Every node's text and filter fields, for (re)building BM25."""
        return [
            LexicalRecord(
                node_id=record_id,
                text=text or "",
                version=str(meta.get("version", "")),
                filterable={key: meta[key] for key in FILTERABLE if key in meta},
            )
            for record_id, meta, text in _pages(self.items, ["metadatas", "documents"])
        ]

    def node_metadata(self, where: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        """(node id, metadata) of every node matching a Chroma `where` filter."""
        for record_id, meta, _ in _pages(self.items, ["metadatas"], where):
            yield record_id, meta

    def nodes(self, ids: Sequence[str]) -> dict[str, tuple[dict[str, Any], str]]:
        """Metadata and text of the given nodes (missing ids are left out)."""
        if not ids:
            return {}
        got = self.items.get(ids=list(ids), include=["metadatas", "documents"])
        metadatas, documents = got["metadatas"] or [], got["documents"] or []
        return {i: (dict(m or {}), d or "") for i, m, d in zip(got["ids"], metadatas, documents)}


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
