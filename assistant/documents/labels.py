"""The labels of a protocol's header, and splitting a label from its value.

Headers are written "Plats och tid: Kommunhuset", in columns ("Plats och tid   Kommunhuset")
or, when pypdf extracts a Word table, with a single space ("Plats och tid Kommunhuset").
Signature lines put dots between label and name ("Justerande ........ Jim Lindberg").
Every form becomes a (label, value) pair here, so the readers need only one rule.
"""

from __future__ import annotations

import re

from assistant.documents.lines import normalise_line

# Longest first, so "Närvarande ledamöter" wins over "Närvarande".
LABELS: tuple[str, ...] = tuple(
    sorted(
        {
            # meeting facts
            "datum",
            "sammanträdesdatum",
            "mötesdatum",
            "datum och tid",
            "tid och datum",
            "tid",
            "plats",
            "lokal",
            "plats och tid",
            "tid och plats",
            "dnr",
            "diarienummer",
            "organ",
            "nämnd",
            "paragrafer",
            "ärenden",
            "justeringens plats och tid",
            "förvaringsplats för protokollet",
            "underskrifter",
            # attendance groups
            "närvarande",
            "närvarande ledamöter",
            "beslutande",
            "beslutande ledamöter",
            "ledamöter",
            "deltagare",
            "tjänstgörande ersättare",
            "närvarande ersättare",
            "ersättare",
            "frånvarande",
            "frånvarande ledamöter",
            "adjungerade",
            "övriga",
            "övriga närvarande",
            "övriga deltagande",
            "övriga deltagare",
            "tjänstepersoner",
            "förhinder",
            # roles
            "ordförande",
            "vice ordförande",
            "sekreterare",
            "protokollförare",
            "justerare",
            "justerande",
            "utses att justera",
            "vid protokollet",
            "justeras",
        },
        key=len,
        reverse=True,
    )
)
_COLUMN_GAP = re.compile(r"\s{2,}|\t")
_DOT_LEADER = re.compile(r"\s*[._…]{3,}\s*")


def segments(text: str) -> list[str]:
    """A header line's cells: split at column gaps and dot leaders, labels split off their values.

    "Plats och tid Kommunhuset, kl. 13" -> ["Plats och tid: Kommunhuset, kl. 13"];
    "Beslutande   Anna Andersson (S)" -> ["Beslutande", "Anna Andersson (S)"].
    """
    out: list[str] = []
    text = _DOT_LEADER.sub("  ", text).strip()
    if _justified(text):
        text = re.sub(r"\s+", " ", text)
    for raw in _COLUMN_GAP.split(text):
        segment = normalise_line(raw).removeprefix("- ").lstrip("#").strip()
        if not segment:
            continue
        if split := split_label(segment):
            label, value = split
            out.append(f"{label}: {value}" if value else label)
        else:
            out.append(segment)
    return out


def _justified(text: str) -> bool:
    """Every gap between words is wide: a justified line from a PDF ("Tid  Tisdagen  den  17  juni"),
    not columns, which mix single spaces inside a cell with wide gaps between cells."""
    gaps = re.findall(r"[ \t]+", text)
    return len(gaps) >= 3 and all(len(gap) >= 2 or gap == "\t" for gap in gaps) and "\t" not in text


def split_label(segment: str) -> tuple[str, str] | None:
    """(label, value) when the segment starts with a known label, with or without a colon."""
    head, colon, tail = segment.partition(":")
    if colon and head.strip().lower() in LABELS:
        return head.strip(), tail.strip()
    lower = segment.lower()
    for label in LABELS:
        if lower == label:
            return segment, ""
        if lower.startswith(label + " "):
            rest = segment[len(label) + 1 :].strip()
            if rest[:1].isupper() or rest[:1].isdigit():  # "Övriga frågor" is no label
                return segment[: len(label)], rest
    return None


# Labels that stand inside a line once line breaks are lost (flattened PDF text, run-together
# headers): the header labels above and the labels of governing documents and item content.
_EXTRA_LABELS = (
    "beslutsdatum",
    "beslutad av",
    "fastställd av",
    "antagen av",
    "dokumenttyp",
    "giltig till",
    "gäller från",
    "ersätter",
    "ärendebeskrivning",
    "beslutsunderlag",
    "förslag till beslut",
    "expedieras till",
    "beslutet skickas till",
    "yrkanden",
    "anslag/bevis",
    "protokollet justerat",
)
# A label starts a word, or is glued to the word before when it is long and unmistakable
# ("… i NorrmarkSammanträdesdatum 2025-02-26": two header cells drawn side by side in a PDF).
INLINE_LABEL = re.compile(
    r"(?:(?<![\w-])|(?<=[a-zåäö])(?=[A-ZÅÄÖ][a-zåäö]{9,}))(?:"
    + "|".join(re.escape(label[:1].upper() + label[1:]) for label in sorted({*LABELS, *_EXTRA_LABELS}, key=len)[::-1])
    + r")(?=\s?:|\s[A-ZÅÄÖÉ\d§])"
)

