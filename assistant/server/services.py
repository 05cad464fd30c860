"""The services one server process shares between requests, created on first use.

The search service opens the index lazily, so the server starts (and says so on
/healthz) even before the first ingest, and picks the index up once it exists.
"""

from __future__ import annotations

import threading
from pathlib import Path

from assistant.answering.service import AnsweringService, build_answering
from assistant.config import Settings
from assistant.retrieval.search import SearchService


class Services:
    def __init__(self, settings: Settings, index_dir: Path) -> None:
        self.settings = settings
        self.index_dir = index_dir
        self._search: SearchService | None = None
        self._answering: AnsweringService | None = None
        self._lock = threading.Lock()

    def answering(self) -> AnsweringService:
        """The answering service over the same search service."""
        search = self.search()
        with self._lock:
            if self._answering is None or self._answering.search is not search:
                self._answering = build_answering(self.settings, search)
            return self._answering

    def search(self) -> SearchService:
        """The search service; IndexProblem (Swedish) when the index is missing or incompatible."""
        with self._lock:
            if self._search is None:
                self._search = SearchService(self.settings, self.index_dir)
            return self._search
