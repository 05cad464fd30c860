"""Reading a protocol (meeting minutes) into meeting facts, attendance and items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.documents.lines import Line
from assistant.documents.models import Attendance, Item
from assistant.documents.protocol.attendance import read_attendance
from assistant.documents.protocol.header import (
    MeetingFacts,
    body_from_decisions,
    read_header,
)
from assistant.documents.protocol.headings import end_of_items, find_headings
from assistant.documents.protocol.items import build_items


@dataclass(frozen=True)
class ParsedProtocol:
    facts: MeetingFacts
    attendance: Attendance
    items: list[Item]
    body_inferred: bool


def parse_protocol(lines: Sequence[Line]) -> ParsedProtocol:
    """Split the lines into header and items, then read each part."""
    headings = find_headings(lines)
    header = lines[: headings[0].index] if headings else lines
    items = build_items(lines, headings)
    facts = read_header(header)
    inferred = False
    if facts.body is None:
        paragraphs = [p for item in items for p in item.text.split("\n")]
        if body := body_from_decisions(paragraphs):
            facts = MeetingFacts(**{**facts.__dict__, "body": body})
            inferred = True
    signatures = lines[end_of_items(lines, headings[-1].index) :] if headings else []
    attendance = read_attendance(header, signatures, (item.text for item in items))
    return ParsedProtocol(facts=facts, attendance=attendance, items=items, body_inferred=inferred)
