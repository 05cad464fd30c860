"""Reading a protocol (meeting minutes) into meeting facts, attendance and items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.documents.chrome import breadcrumb_trail
from assistant.documents.labels import segments
from assistant.documents.lines import Line
from assistant.documents.models import Attendance, Item
from assistant.documents.protocol.attendance import read_attendance
from assistant.documents.protocol.header import (
    MeetingFacts,
    body_from_breadcrumbs,
    body_from_decisions,
    body_from_labels,
    body_from_running_headers,
    body_in_text,
    read_header,
    starts_meeting,
)
from assistant.documents.protocol.headings import end_of_items, find_headings, numbering_doubts
from assistant.documents.protocol.items import build_items


@dataclass(frozen=True)
class ParsedProtocol:
    facts: MeetingFacts
    attendance: Attendance
    items: list[Item]
    body_inferred: bool
    warnings: list[str] = field(default_factory=list)
    end: int = 0  # the index of the line where the meeting's text ends (a second one may follow)


def _next_meeting(lines: Sequence[Line]) -> int | None:
    """Where a second protocol starts in the same file, if one does (after the first one's items)."""
    headings = find_headings(lines)
    if not headings:
        return None
    return next((i for i in range(headings[0].index + 1, len(lines)) if starts_meeting(lines, i)), None)


def parse_protocol(lines: Sequence[Line]) -> ParsedProtocol:
    """Split the lines into header and items, then read each part.

    A file holding two protocols is read up to where the second begins, with a warning:
    items of another meeting must never be cited with this meeting's date.
    """
    warnings: list[str] = []
    if (cut := _next_meeting(lines)) is not None:
        warnings.append(
            "Filen verkar innehålla mer än ett protokoll; bara det första lästes "
            f"(det nästa börjar på rad {cut + 1}). Dela upp filen i ett protokoll per fil."
        )
    end = len(lines) if cut is None else cut
    lines = lines[:end]
    headings = find_headings(lines)
    warnings.extend(numbering_doubts(lines, headings))
    header = lines[: headings[0].index] if headings else lines
    items = build_items(lines, headings)
    facts = read_header(header)
    inferred = False
    if facts.body is None:
        # Page headers and the signature page name the body where the first page's header does not.
        running = [line.text for line in lines if line.furniture]
        rest = [text for line in lines[headings[-1].index :] for text in segments(line.text)] if headings else []
        # Last, the site's own title for the page ("VILHELMINA KOMMUN PROTOKOLL 1(54) Socialnämnden …").
        titled = next((b for text in running[:3] if (b := body_in_text(text))), None)
        crumbs = body_from_breadcrumbs(breadcrumb_trail(lines))
        if body := crumbs or body_from_running_headers(running) or body_from_labels(rest) or titled:
            facts = MeetingFacts(**{**facts.__dict__, "body": body})
    if facts.body is None:
        paragraphs = [p for item in items for p in item.text.split("\n")]
        if body := body_from_decisions(paragraphs):
            facts = MeetingFacts(**{**facts.__dict__, "body": body})
            inferred = True
    signatures = lines[end_of_items(lines, headings[-1].index) :] if headings else []
    attendance = read_attendance(header, signatures, (item.text for item in items))
    return ParsedProtocol(
        facts=facts, attendance=attendance, items=items, body_inferred=inferred, warnings=warnings, end=end
    )
