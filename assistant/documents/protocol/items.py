"""Cutting a protocol into items between the chosen headings, and reading each item's fields."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.documents import diarienummer
from assistant.documents.assignments import extract_assignments
from assistant.documents.decisions import extract_decision, infer_kind
from assistant.documents.lines import Line, reflow
from assistant.documents.models import Item, ItemKind
from assistant.documents.presenters import extract_presenters
from assistant.documents.protocol.headings import (
    Heading,
    end_of_items,
    is_table_rule,
    kind_label,
    split_kind,
    table_cells,
)

_TITLE_CONTINUATION = re.compile(r"^(?:\(|[–—]\s|[a-zåäö])")


def _logical_text(line: Line) -> str:
    """A line as prose: table rows become their non-empty cells, rule rows become blank."""
    cells = table_cells(line.text)
    if cells is None:
        return line.text
    if is_table_rule(cells):
        return ""
    return " ".join(c for c in cells if c)


_DNR_IN_TITLE = re.compile(r"\s*\b(?:Dnr|Diarienummer|Diarienr)\b.*$", re.I)


def _dnr_lines(lines: Sequence[Line], i: int, stop: int) -> tuple[int, str | None]:
    """Skip blank, furniture and diarienummer lines from `i`; the index reached and the first dnr seen."""
    dnr = None
    while i < stop and (lines[i].blank or lines[i].furniture or (value := diarienummer.line_value(lines[i].text))):
        if not (lines[i].blank or lines[i].furniture):
            dnr = dnr or value
        i += 1
    return i, dnr


def _title_and_body_start(
    lines: Sequence[Line], heading: Heading, stop: int
) -> tuple[str, ItemKind | None, int, str | None]:
    """The full title (a heading may wrap onto the next line), the kind label, where the text starts and the dnr.

    The margin layout puts "§ 140" alone on a line, "Dnr 2025/1877" on the next and the title after
    it: the title is the first line that is neither, and the diarienummer is the item's own.
    """
    # "§ 12   Dnr SN 2025/12" or "§ 12 Title   Dnr …": the diarienummer is not the title.
    title, kind = _DNR_IN_TITLE.sub("", heading.title), heading.kind_label
    dnr = diarienummer.find_diarienummer(heading.title)
    i = heading.index + 1
    if not title:  # "§ 12" alone on its line: the title is the next line
        i, dnr_above = _dnr_lines(lines, i, stop)
        dnr = dnr or dnr_above
        if i < stop:
            title, label_kind = split_kind(lines[i].stripped)
            kind = kind or label_kind
            i += 1
    if title and not heading.table and i < stop and not lines[i].blank:
        nxt = lines[i].stripped
        if _TITLE_CONTINUATION.match(nxt) and not kind_label(nxt) and len(nxt) < 120 and not nxt.endswith("."):
            title, label_kind = split_kind(f"{title} {nxt}")
            kind = kind or label_kind
            i += 1
    # A kind label ("Informationsärende") on the first non-blank line after the heading.
    j = i
    while j < stop and (lines[j].blank or lines[j].furniture):
        j += 1
    if j < stop:
        label = kind_label(lines[j].stripped)
        # "Beslut" right after a heading opens the decision block; other labels state the kind.
        if label and lines[j].stripped.lower().rstrip(":") != "beslut":
            kind = kind or label
    if dnr is None:  # "Dnr …" on the line after the title
        _, dnr = _dnr_lines(lines, i, min(stop, i + 3))
    return re.sub(r"\s+", " ", title).strip(), kind, i, dnr


def build_items(lines: Sequence[Line], headings: Sequence[Heading]) -> list[Item]:
    """One `Item` per heading: its title, kind, text, decision, presenters and assignments."""
    items: list[Item] = []
    if not headings:
        return items
    last_stop = end_of_items(lines, headings[-1].index)
    for n, heading in enumerate(headings):
        stop = headings[n + 1].index if n + 1 < len(headings) else last_stop
        title, kind, body_start, dnr = _title_and_body_start(lines, heading, stop)
        body_lines = [line for line in lines[body_start:stop] if not line.furniture]
        paragraphs = reflow([heading.extra, *(_logical_text(line) for line in body_lines)])
        decision = extract_decision(paragraphs.split("\n") if paragraphs else [])
        content_end = max((line.end for line in body_lines if not line.blank), default=lines[heading.index].end)
        items.append(
            Item(
                number=heading.number_text,
                title=title,
                kind=kind or infer_kind(decision, paragraphs, title),
                presenters=extract_presenters(paragraphs),
                text=paragraphs,
                decision=decision.text,
                assignments=extract_assignments(paragraphs, decision.text),
                diarienummer=dnr,
                start=lines[heading.index].start,
                end=content_end,
            )
        )
    return items
