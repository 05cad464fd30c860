"""One settings object for the whole application, read from `ASSISTANT_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings; every field can be set as `ASSISTANT_<FIELD>` (e.g. `ASSISTANT_CORPUS_DIR`)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=None, extra="ignore")

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    max_file_mb: float = 50.0
    log_file: Path = Path("logs/assistant.log")
    debug: bool = False


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
