"""Chroma, embedded (`PersistentClient` in the index folder) or a server (`ASSISTANT_CHROMA_URL`).

Two collections: `items` holds one record per node (vector, text and metadata), and
`documents` holds one record per indexed document (its hash and node count). Keeping the
registry in Chroma rather than in a local file means several API processes sharing one
Chroma server agree on what is indexed.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from assistant.config import Settings

ITEMS = "items"
DOCUMENTS = "documents"


def chroma_client(settings: Settings, index_dir: Path) -> ClientAPI:
    """A client for the configured Chroma: a server when a URL is set, else files under `index_dir`."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    return chromadb.PersistentClient(path=str(index_dir / "chroma"), settings=chroma_settings)


def items_collection(client: ClientAPI, prefix: str = "") -> Collection:
    """The nodes' collection (cosine distance; vectors always supplied by us, never by Chroma)."""
    return client.get_or_create_collection(
        f"{prefix}{ITEMS}", metadata={"hnsw:space": "cosine"}, embedding_function=None
    )


def documents_collection(client: ClientAPI, prefix: str = "") -> Collection:
    """The registry of indexed documents: one record per document, a dummy one-number vector."""
    return client.get_or_create_collection(f"{prefix}{DOCUMENTS}", embedding_function=None)
