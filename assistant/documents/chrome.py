"""Site chrome in text: what a web page or a transcript site puts around a document.

Published protocols are often saved from the web page that shows them: a document site's
transcript (`Storlek: px`, `Download "…"`, `Transkript`, `Share "…"`, `Copied!`, `Loading….
(view fulltext now)`), a municipality's meeting portal (`Hoppa över navigering`, breadcrumbs
`Din position: Hem > … > Sammanträde 2018-10-02`, cookie notices) or an e-paper viewer
(`SHOW MORE`, `20.09.2013 Views`). Two general rules find it, neither a list of one site's strings:

- **interface lines**: short lines made of the words of a web interface (download, share, copy,
  print, views, navigation, cookies, file sizes), of any site;
- **the frame before a transcript**: where a line such as `Transkript` or `Full text` opens the
  document's text and the lines above it are mostly interface, everything above it is the
  site's frame (it repeats the document's title as the page's own heading).

Chrome is marked as furniture on the lines, so it belongs to no indexed unit and is never read as
a body, a date or an item; breadcrumbs are also read for the body and date they name
(`breadcrumb_facts`), which is what a meeting portal's page says of itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.documents.lines import Line

_UI_WORDS = (
    r"storlek:?\s*px|starta visningen från sidan:?|save this (?:pdf|document) as:?|(?:word|pdf)\s+png\s+txt\s+jpg"
    r"|(?:download|ladda ner|ladda ned|share|dela)\s*[\"“”].*|download|ladda ner|dela|skriv ut|print|copied!?|kopierad!?|no results found|n/a|protected"
    r"|academic year:?\s*\d{4}|loading\.*\s*(?:\(view fulltext now\))?|view fulltext now|show (?:more|less)"
    r"|visa (?:mer|mindre)|relevanta dokument|related documents|\d{1,2}\.\d{1,2}\.\d{4}\s+views|views:?\s*\d*"
    r"|-?\s*visningar:?\s*\d*|-?\s*för \d+ (?:år|månader|dagar) sedan|hoppa (?:över navigering|till (?:innehåll|meny))\b.*"
    r"|skip to (?:content|navigation)|tillbaka till toppen|till toppen|lyssna(?: på sidan)?\b.*|dela (?:sidan|med dig)\b.*"
    r"|(?:vi använder|denna webbplats använder) (?:kakor|cookies)\b.*|du är här:?.*|din position:.*"
    r"|translate the website\b.*|yumpu automatically\b.*|logotyp för\b.*|uppdaterad:\s*\d{4}-\d{2}-\d{2}"
    r"|sidan uppdaterades?\b.*|senast uppdaterad\b.*|[•·]\s*no results found|\d+\s*(?:kb|mb)"
)
_UI_LINE = re.compile(rf"^(?:{_UI_WORDS})\s*$", re.I)
# "Hem > Tyresö kommun > Kommunstyrelsen > Sammanträde", "Start /Samverkan /Samverkan vid …": a trail.
_BREADCRUMB = re.compile(r"^(?:(?:din position|du är här)\s*:\s*)?(?:hem|start|startsida)\s*[>/›»]\s*\S.*$", re.I)
_TRAIL_SPLIT = re.compile(r"\s*[>/›»]\s*")
# The line that opens the document's text under a transcript site's frame.
_TRANSCRIPT_MARK = re.compile(r"^(?:transkript|transcript|full\s?text|fulltext|dokumentets text)\s*:?$", re.I)
_FRAME_MAX_LINES = 30  # a transcript frame is a page heading and a handful of interface lines
_FRAME_UI_SHARE = 0.4  # at least this share of the frame's lines are interface lines
_NUMBERS_ONLY = re.compile(r"^\d{1,6}$")


def is_interface_line(text: str) -> bool:
    """A line of a web interface, not of a document."""
    s = text.strip()
    return bool(s) and len(s) <= 200 and bool(_UI_LINE.match(s) or _BREADCRUMB.match(s))


def is_transcript_mark(text: str) -> bool:
    """The line that opens a transcript's text ("Transkript", "Full text")."""
    return bool(_TRANSCRIPT_MARK.match(text.strip()))


def mark_chrome(lines: Sequence[Line]) -> list[Line]:
    """The lines with site chrome marked as furniture: interface lines, and a transcript's frame."""
    marked = [replace(line, furniture=True) if not line.furniture and is_interface_line(line.text) else line for line in lines]
    content = [i for i, line in enumerate(marked) if not line.blank]
    for n, i in enumerate(content[: _FRAME_MAX_LINES + 1]):
        if not _TRANSCRIPT_MARK.match(marked[i].text.strip()):
            continue
        frame = content[:n]
        ui = sum(1 for j in frame if marked[j].furniture)
        if frame and ui / len(frame) >= _FRAME_UI_SHARE:
            for j in [*frame, i]:
                marked[j] = replace(marked[j], furniture=True)
        break
    # Counters between interface lines ("12", "0", "0" under "Share … Copied!") are the site's too.
    for n, i in enumerate(content):
        if _NUMBERS_ONLY.match(marked[i].text.strip()) and not marked[i].furniture:
            around = [content[k] for k in (n - 1, n + 1) if 0 <= k < len(content)]
            if around and all(marked[j].furniture for j in around):
                marked[i] = replace(marked[i], furniture=True)
    return marked


def breadcrumb_trail(lines: Sequence[Line]) -> list[str]:
    """The parts of the first breadcrumb trail in the text ("Hem", "Tyresö kommun", "Kommunstyrelsen", …)."""
    for line in lines[:60]:
        s = line.text.strip()
        if _BREADCRUMB.match(s):
            s = re.sub(r"^(?:din position|du är här)\s*:\s*", "", s, flags=re.I)
            return [part.strip() for part in _TRAIL_SPLIT.split(s) if part.strip()]
    return []


def page_title(lines: Sequence[Line]) -> str | None:
    """The title a site gave the page it framed the document in: the frame's first line, when the text
    opens with a transcript's frame ("Reglemente för kommunstyrelsen i Mullsjö kommun" / "Storlek: px" / …)."""
    content = [line for line in lines[:_FRAME_MAX_LINES] if not line.blank]
    if len(content) < 2 or not content[0].furniture or is_interface_line(content[0].text):
        return None
    if not any(is_transcript_mark(line.text) for line in content):
        return None
    title = content[0].text.strip()
    return title if 3 <= len(title) <= 200 else None
