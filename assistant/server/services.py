"""The services one server process shares between requests, created on first use.

The search service opens the index lazily, so the server starts (and says so on
/healthz) even before the first ingest, and picks the index up once it exists. The
embedding model is loaded once and shared by search and by uploads' ingest.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from llama_index.core.embeddings import BaseEmbedding

from assistant.answering.service import AnsweringService, build_answering
from assistant.components.embedding import build_embedding
from assistant.config import Settings
from assistant.indexing.store import IndexStore
from assistant.retrieval.search import SearchService
from assistant.server.ask.ask_service import AskService
from assistant.server.decisions.decisions_service import DecisionsService
from assistant.server.documents.documents_service import DocumentsService
from assistant.server.items.item_page import ItemPageService
from assistant.server.items.items_service import ItemsService
from assistant.server.openai_compat.openai_service import ChatCompletionsService
from assistant.server.topics.topics_service import TopicsService


class Services:
    def __init__(self, settings: Settings, index_dir: Path) -> None:
        self.settings = settings
        self.index_dir = index_dir
        self._embedding: BaseEmbedding | None = None
        self._search: SearchService | None = None
        self._answering: AnsweringService | None = None
        self._lock = threading.RLock()
        max_bytes = int(settings.max_file_mb * 1024 * 1024)
        self._documents = DocumentsService(settings, index_dir, self._store, self.embedding)
        self._items = ItemsService(self.search, max_bytes)
        self._item_pages = ItemPageService(self._items)
        self._decisions = DecisionsService(self._store, lambda: settings.today or date.today())
        self._ask = AskService(self.answering)
        self._chat_completions = ChatCompletionsService(self.answering)
        self._topics = TopicsService(self.answering)

    def embedding(self) -> BaseEmbedding:
        """The embedding model, loaded once per process."""
        with self._lock:
            if self._embedding is None:
                self._embedding = build_embedding(self.settings)
            return self._embedding

    def search(self) -> SearchService:
        """The search service; IndexProblem (Swedish) when the index is missing or incompatible."""
        embedding = self.embedding()
        with self._lock:
            if self._search is None:
                self._search = SearchService(self.settings, self.index_dir, embedding)
            return self._search

    def answering(self) -> AnsweringService:
        """The answering service over the same search service."""
        search = self.search()
        with self._lock:
            if self._answering is None or self._answering.search is not search:
                self._answering = build_answering(self.settings, search)
            return self._answering

    def documents(self) -> DocumentsService:
        """List, upload and delete documents."""
        return self._documents

    def items(self) -> ItemsService:
        """Items (with full text and neighbours) and meetings."""
        return self._items

    def item_pages(self) -> ItemPageService:
        """The HTML page of an item."""
        return self._item_pages

    def decisions(self) -> DecisionsService:
        """The decision register."""
        return self._decisions

    def ask(self) -> AskService:
        """Answers, whole or streamed as server-sent events."""
        return self._ask

    def topics(self) -> TopicsService:
        """What has happened with a matter: its meetings as a timeline."""
        return self._topics

    def chat_completions(self) -> ChatCompletionsService:
        """The OpenAI-compatible chat API."""
        return self._chat_completions

    def _store(self) -> IndexStore:
        return self.search().store
