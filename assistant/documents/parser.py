"""From a file on disk to a `Document`: load, detect the kind, parse, apply the sidecar.

This is the one entry point the rest of the application uses to read documents. Every
failure is a `DocumentError` with a Swedish reason; reading a folder never stops at a bad
file but reports it alongside the documents that were read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

from assistant.documents.agreement import agreement_metadata, parse_sections
from assistant.documents.assignments import extract_assignments
from assistant.documents.chrome import mark_chrome
from assistant.documents.classify import MAX_CHARS as _CLASSIFY_CHARS
from assistant.documents.classify import detect_kind, governing_title
from assistant.documents.errors import DocumentError
from assistant.documents.flattened import unflatten
from assistant.documents.lines import Line, mark_furniture, split_lines
from assistant.documents.loaders import load_text
from assistant.documents.models import MEETING_KINDS, Document, DocumentKind, Item, Structure
from assistant.documents.protocol import parse_protocol
from assistant.documents.sidecar import Sidecar, is_sidecar, read_sidecar
from assistant.documents.structure import PASSAGE_CHARS, content_lines, heading_items, passage_items, record, uncovered
from assistant.documents.untrusted import strip_instructions

log = logging.getLogger(__name__)

# Files that live in a corpus folder but are not documents (sidecars, glossaries, notes).
_DATA_SUFFIXES = {".toml", ".json", ".yaml", ".yml", ".csv"}


def read_lines(text: str) -> tuple[list[Line], bool]:
    """The text as lines with page and site furniture marked, and whether it had to be unflattened.

    Every parser reads these lines; a test of what is covered reads the same ones."""
    lines, flattened = unflatten(mark_chrome(split_lines(text)))
    return mark_furniture(lines), flattened


def parse_text(
    text: str,
    *,
    source: str,
    fmt: str = "txt",
    sha256: str = "",
    sidecar: Sidecar | None = None,
) -> Document:
    """Parse already loaded text; `sidecar` values (kind, body, date, …) win over the text's.

    Never refuses a readable text for its structure: a document is read at the finest level found
    (items, numbered sections, headings, passages), and everything outside its units is kept.
    """
    sidecar = sidecar or Sidecar()
    text, aimed_at_models = strip_instructions(text)
    lines, flattened = read_lines(text)
    warnings: list[str] = []
    if not content_lines(lines):
        if not text.strip():
            raise DocumentError(source, "filen innehåller ingen text")
        # Only furniture (a page of navigation, page numbers): kept as it is rather than lost.
        lines = [replace(line, furniture=False) for line in lines]
        warnings.append(
            "Texten består bara av sidhuvuden, sidfötter eller webbplatsens navigering; den lästes in som den är."
        )
    kind = sidecar.kind or detect_kind(text, lines if len(text) <= _CLASSIFY_CHARS else None)
    if flattened:
        warnings.append(
            "Texten saknar radbrytningar (troligen utplattad PDF-text): ärendenas gränser har återskapats "
            "inuti raderna. Kontrollera indelningen, eller läs in originalets PDF."
        )
    if kind in MEETING_KINDS:
        fields, structure = _meeting_fields(lines, kind, warnings)
    else:
        fields, structure = _sectioned_fields(lines, warnings)
        kind = kind or ("agreement" if governing_title(lines) else "document")
    fields.update(sidecar.model_dump(exclude_none=True, exclude={"kind"}))
    if fields.get("title") is None and fields.get("body") and kind in MEETING_KINDS:
        fields["title"] = f"{'Protokoll' if kind == 'protocol' else 'Kallelse'} {fields['body']}"
    if fields.get("date") is None:
        warnings.append("Datum saknas i texten.")
    if fields.get("body") is None and kind in MEETING_KINDS:
        warnings.append("Organ (nämnd/grupp) saknas i texten.")
    if aimed_at_models:
        warnings.append(
            f"{len(aimed_at_models)} mening(ar) riktade till en AI-modell (t.ex. «{aimed_at_models[0][:80]}») "
            "togs bort och läses inte in."
        )
    fields.update(
        kind=kind, structure=structure, source=source, format=fmt, sha256=sha256, warnings=warnings, text=text
    )
    return Document.model_validate(fields)


_FALLBACK_WARNINGS = {
    "sections": "Inga numrerade ärenden hittades; texten lästes in efter sina numrerade avsnitt.",
    "headings": "Inga numrerade ärenden eller avsnitt hittades; texten lästes in efter sina rubriker.",
    "passages": (
        "Inga numrerade ärenden, avsnitt eller rubriker hittades; texten lästes in i stycken "
        "som hänvisas till med sida eller stycke (s. 3, stycke 4)."
    ),
}


def _finest(lines: Sequence[Line], *, sections: bool) -> tuple[list[Item], Structure]:
    """Numbered sections (when asked for), else headings, else passages: the finest structure found."""
    if sections and (items := parse_sections(lines)):
        return [item.model_copy(update={"assignments": extract_assignments(item.text)}) for item in items], "sections"
    if items := heading_items(lines):
        return items, "headings"
    return passage_items(lines), "passages"


def _meeting_fields(lines: list[Line], kind: DocumentKind, warnings: list[str]) -> tuple[dict[str, object], Structure]:
    """A protocol's or agenda's meeting facts and items, or its finest structure when it numbers none."""
    parsed = parse_protocol(lines)
    facts = parsed.facts
    items, structure = parsed.items, cast(Structure, "items")
    if kind == "agenda":
        items = [_as_proposal(item) for item in items]
    warnings.extend(parsed.warnings)
    if not items:
        structure = "passages"
        if sum(len(lines[i].text) for i in content_lines(lines[: parsed.end])) > PASSAGE_CHARS:
            items, structure = _finest(lines[: parsed.end], sections=False)
        # else a short meeting record (a cancelled meeting, a notice): the meeting's own node holds it all
        warnings.append(_FALLBACK_WARNINGS[structure])
    if parsed.body_inferred:
        warnings.append(f"Organet saknas i sidhuvudet; tolkat som «{facts.body}» utifrån besluten.")
    rest = uncovered(lines, items)
    own = [i for i in rest if i < parsed.end]
    pasted = [i for i in rest if i >= parsed.end]  # a second document after this meeting
    record_text, record_spans = record(lines, own)
    if pasted:
        items = items + passage_items(lines, pasted, first=1)
    fields: dict[str, object] = dict(
        body=facts.body,
        date=facts.date,
        title=facts.title,
        diarienummer=facts.diarienummer,
        time=facts.time,
        place=facts.place,
        attendance=parsed.attendance,
        items=items,
        record_text=record_text,
        record_spans=record_spans,
    )
    return fields, structure


# A preamble with less than this beyond the title is a title page (the seeds' and tests/data's agreements:
# 60-250 characters of dnr, dates and parties' names); longer ones are an introduction of their own.
_PREAMBLE_MIN_CHARS = 300


def _beyond_title(text: str, title: str | None) -> str:
    return text.replace(title, "", 1).strip() if title else text


def _as_proposal(item: Item) -> Item:
    """An agenda's item: what it proposes is not a decision yet."""
    kind = "förslag" if item.decision or item.kind == "beslut" else item.kind
    return item.model_copy(update={"kind": kind})


def _sectioned_fields(lines: list[Line], warnings: list[str]) -> tuple[dict[str, object], Structure]:
    """An agreement's, governing document's or other document's metadata and units, with its preamble."""
    items, structure = _finest(lines, sections=True)
    if structure != "sections":
        warnings.append(_FALLBACK_WARNINGS[structure])
    meta = agreement_metadata(lines)
    rest = uncovered(lines, items)
    if rest:
        before = [i for i in rest if not items or lines[i].end <= items[0].start]
        after = [i for i in rest if i not in set(before)]
        lead: list[Item] = []
        if before:
            text, spans = record(lines, before)
            if items and len(_beyond_title(text, meta.title)) < _PREAMBLE_MIN_CHARS:
                # A title page of title, dnr and dates: the document's metadata says it, and it opens the
                # first section rather than competing with it as a unit of its own (held-out 2, issue 21).
                first = items[0]
                items[0] = first.model_copy(update={"start": spans[0][0], "text": f"{text}\n{first.text}".strip()})
            else:
                lead = [
                    Item(
                        number="0",
                        title=meta.title or "Inledning",
                        kind="avsnitt",
                        text=text,
                        cited_as="inledningen",
                        numbered=False,
                        start=spans[0][0],
                        end=spans[-1][1],
                    )
                ]
        items = lead + items + passage_items(lines, after, first=1)
    fields: dict[str, object] = dict(
        body=meta.body, date=meta.date, title=meta.title, diarienummer=meta.diarienummer, items=items
    )
    return fields, structure


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
