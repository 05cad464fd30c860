"""From a file on disk to a `Document`: load, detect the kind, parse, apply the sidecar.

This is the one entry point the rest of the application uses to read documents. Every
failure is a `DocumentError` with a Swedish reason; reading a folder never stops at a bad
file but reports it alongside the documents that were read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.documents.agreement import agreement_metadata, parse_sections
from assistant.documents.assignments import extract_assignments
from assistant.documents.classify import MAX_CHARS as _CLASSIFY_CHARS
from assistant.documents.classify import detect_kind, is_agenda
from assistant.documents.errors import DocumentError
from assistant.documents.flattened import unflatten
from assistant.documents.lines import mark_furniture, split_lines
from assistant.documents.loaders import load_text
from assistant.documents.models import Attendance, Document
from assistant.documents.protocol import parse_protocol
from assistant.documents.sidecar import Sidecar, is_sidecar, read_sidecar
from assistant.documents.untrusted import strip_instructions

log = logging.getLogger(__name__)

# Files that live in a corpus folder but are not documents (sidecars, glossaries, notes).
_DATA_SUFFIXES = {".toml", ".json", ".yaml", ".yml", ".csv"}


def parse_text(
    text: str,
    *,
    source: str,
    fmt: str = "txt",
    sha256: str = "",
    sidecar: Sidecar | None = None,
) -> Document:
    """Parse already loaded text; `sidecar` values (kind, body, date, …) win over the text's."""
    sidecar = sidecar or Sidecar()
    if sidecar.kind is None and is_agenda(text):
        raise DocumentError(
            source,
            "filen är en kallelse eller föredragningslista med förslag, inte ett protokoll med fattade beslut; "
            "läs in mötets protokoll i stället",
        )
    text, aimed_at_models = strip_instructions(text)
    lines, flattened = unflatten(split_lines(text))
    lines = mark_furniture(lines)
    kind = sidecar.kind or detect_kind(text, lines if len(text) <= _CLASSIFY_CHARS else None)
    if kind is None:
        raise DocumentError(source, "filen innehåller varken ett protokoll eller en överenskommelse")
    fields: dict[str, object]
    warnings: list[str] = []
    if flattened:
        warnings.append(
            "Texten saknar radbrytningar (troligen utplattad PDF-text): ärendenas gränser har återskapats "
            "inuti raderna. Kontrollera indelningen, eller läs in originalets PDF."
        )
    if kind == "protocol":
        parsed = parse_protocol(lines)
        facts = parsed.facts
        if not parsed.items:
            if not (facts.date or _has_people(parsed.attendance)):
                raise DocumentError(source, "inga numrerade ärenden eller paragrafer hittades i protokollet")
            warnings.append("Inga numrerade ärenden hittades; bara mötets uppgifter lästes.")
        warnings.extend(parsed.warnings)
        if parsed.body_inferred and sidecar.body is None:
            warnings.append(f"Organet saknas i sidhuvudet; tolkat som «{facts.body}» utifrån besluten.")
        fields = dict(
            body=facts.body,
            date=facts.date,
            title=facts.title,
            diarienummer=facts.diarienummer,
            time=facts.time,
            place=facts.place,
            attendance=parsed.attendance,
            items=parsed.items,
        )
    else:
        items = parse_sections(lines)
        if not items:
            raise DocumentError(source, "inga numrerade avsnitt hittades i överenskommelsen")
        meta = agreement_metadata(lines)
        if items[0].start > len(text) / 2:
            warnings.append("Mer än halva texten står före första numrerade avsnittet och går inte att hänvisa till.")
        fields = dict(
            body=meta.body,
            date=meta.date,
            title=meta.title,
            diarienummer=meta.diarienummer,
            items=[item.model_copy(update={"assignments": extract_assignments(item.text)}) for item in items],
        )
    fields.update(sidecar.model_dump(exclude_none=True, exclude={"kind"}))
    if fields.get("title") is None and fields.get("body") and kind == "protocol":
        fields["title"] = f"Protokoll {fields['body']}"
    if fields.get("date") is None:
        warnings.append("Datum saknas i texten.")
    if fields.get("body") is None and kind == "protocol":
        warnings.append("Organ (nämnd/grupp) saknas i texten.")
    if aimed_at_models:
        warnings.append(
            f"{len(aimed_at_models)} mening(ar) riktade till en AI-modell (t.ex. «{aimed_at_models[0][:80]}») "
            "togs bort och läses inte in."
        )
    fields.update(kind=kind, source=source, format=fmt, sha256=sha256, warnings=warnings, text=text)
    return Document.model_validate(fields)


def _has_people(attendance: Attendance) -> bool:
    groups = (attendance.present, attendance.absent, attendance.substitutes, attendance.co_opted, attendance.others)
    return any(groups)


def parse_file(path: Path, *, max_bytes: int | None = None) -> Document:
    """Load and parse one document, applying its sidecar metadata."""
    sidecar = read_sidecar(path)
    loaded = load_text(path, max_bytes=max_bytes)
    try:
        return parse_text(loaded.text, source=str(path), fmt=loaded.format, sha256=loaded.sha256, sidecar=sidecar)
    except DocumentError:
        raise
    except Exception as error:  # a parser bug must cost one file, never the whole folder
        log.exception("unexpected error while parsing %s", path)
        raise DocumentError(path, "dokumentet kunde inte tolkas på grund av ett oväntat fel") from error


@dataclass
class FolderResult:
    """What reading a folder gave: the documents, and the files that failed with their reason."""

    documents: list[Document] = field(default_factory=list)
    failures: list[DocumentError] = field(default_factory=list)


def document_paths(folder: Path) -> Iterator[Path]:
    """Files under `folder` that are meant to be documents, in a stable order."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if is_sidecar(path) or path.suffix.lower() in _DATA_SUFFIXES:
            continue
        yield path


def parse_folder(
    folder: Path,
    *,
    max_bytes: int | None = None,
    progress: Callable[[Sequence[Path]], Iterable[Path]] | None = None,
) -> FolderResult:
    """Parse every document under `folder`; a bad file is recorded, never fatal.

    `progress` wraps the list of paths (e.g. a progress bar) and yields them back.
    """
    result = FolderResult()
    paths = list(document_paths(folder))
    for path in progress(paths) if progress else paths:
        try:
            result.documents.append(parse_file(path, max_bytes=max_bytes))
        except DocumentError as error:
            result.failures.append(error)
    return result
