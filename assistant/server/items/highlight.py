"""Where an item's decision stands in its text, so the page can mark it.

The decision was extracted from the text, but line breaks and spacing may differ, so it is
searched for word by word with any white space between the words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_MAX_WORDS = 400  # a regex over a whole long decision is slow and needs no more to be unambiguous


class Segment(NamedTuple):
    text: str
    decision: bool


def segments(text: str, decision: str | None) -> list[Segment]:
    """The text cut into pieces, the decision's piece flagged; one unflagged piece if it is not found."""
    words = (decision or "").split()
    if not words:
        return [Segment(text, False)]
    pattern = r"\s+".join(re.escape(w) for w in words[:_MAX_WORDS])
    found = re.search(pattern, text)
    if found is None:
        return [Segment(text, False)]
    end = found.end()
    if len(words) > _MAX_WORDS:  # the rest of a very long decision: through the end of its last word
        rest = re.search(r"\s+".join(re.escape(w) for w in words[_MAX_WORDS:][-3:]), text[end:])
        end = end + rest.end() if rest else end
    pieces = [
        Segment(text[: found.start()], False),
        Segment(text[found.start() : end], True),
        Segment(text[end:], False),
    ]
    return [p for p in pieces if p.text]
