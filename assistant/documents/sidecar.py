"""Metadata the text itself lacks, given in a `NAME.meta.toml` file next to the document.

A protocol whose header page is missing does not say which body met or when. The sidecar
supplies what is known (`body`, `date`, `kind`, `title`, `diarienummer`, `place`, `time`);
a key that is left out stays unknown. Sidecar values win over what the parser read.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from assistant.documents.errors import DocumentError
from assistant.documents.models import DocumentKind

SIDECAR_SUFFIX = ".meta.toml"


class Sidecar(BaseModel):
    """The keys a sidecar may set."""

    model_config = ConfigDict(extra="forbid")

    kind: DocumentKind | None = None
    body: str | None = None
    date: str | None = None
    title: str | None = None
    diarienummer: str | None = None
    place: str | None = None
    time: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> str | None:
        if value is None or isinstance(value, date):
            return value.isoformat() if isinstance(value, date) else None
        date.fromisoformat(str(value))
        return str(value)


def sidecar_path(document: Path) -> Path | None:
    """`report.meta.toml` or `report.txt.meta.toml` next to `report.txt`, if either exists."""
    for candidate in (
        document.with_name(document.stem + SIDECAR_SUFFIX),
        document.with_name(document.name + SIDECAR_SUFFIX),
    ):
        if candidate.is_file():
            return candidate
    return None


def read_sidecar(document: Path) -> Sidecar:
    """The sidecar of `document` (empty when there is none); a broken one is a DocumentError."""
    path = sidecar_path(document)
    if path is None:
        return Sidecar()
    try:
        return Sidecar.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise DocumentError(path, f"metadatafilen kan inte läsas som TOML ({error})") from error
    except ValidationError as error:
        fields = ", ".join(str(e["loc"][0]) for e in error.errors() if e["loc"])
        raise DocumentError(path, f"metadatafilen har ogiltiga värden ({fields})") from error
    except OSError as error:
        raise DocumentError(path, "metadatafilen kan inte öppnas") from error


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)
