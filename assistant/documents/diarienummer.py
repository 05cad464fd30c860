"""The registration number (diarienummer) a protocol or agreement is filed under.

Written after "Dnr", "Dnr:", "Diarienummer" or "Diarienr": "HSN 346:1-2026",
"SN 2025/0031", "RV 2024-01187". The year at its end often dates a protocol whose own
date line leaves the year out.
"""

from __future__ import annotations

import re

LABEL = re.compile(r"\b(?:dnr|d-nr|diarienummer|diarienr|diarie-nr)\b\.?\s*:?\s*", re.I)
_VALUE = re.compile(r"(?:[A-ZÅÄÖ]{1,8}(?:[ -][A-ZÅÄÖ]{1,8})?\s+)?[\w./:-]*\d[\w./:-]*")


def read_value(text: str) -> str | None:
    """The diarienummer at the start of `text` (what follows the label), if it is one."""
    m = _VALUE.match(text.strip())
    return m.group(0).rstrip(".,:;-") if m else None


def find_diarienummer(text: str) -> str | None:
    """The diarienummer written after a label anywhere in `text`."""
    m = LABEL.search(text)
    return read_value(text[m.end() :]) if m else None


# A line that is only a diarienummer, labelled or not: "Dnr 2025/1877", "*Dnr GNN 2025/12*",
# "SN 2022/103", "VON 2025/88", "ON 2023/77" (the body's abbreviation, a year and a running number).
_BARE = re.compile(r"^[A-ZÅÄÖ]{1,8}(?:[ -][A-ZÅÄÖ]{1,8})?\s+(?:19|20)\d{2}[/.:-]\d{1,6}(?:[/.:-]\d{1,6})?$")


def line_value(text: str) -> str | None:
    """The diarienummer when a whole line is one (the margin layout's second line), else None."""
    s = text.strip().strip("*_ ")
    if m := LABEL.match(s):
        value = read_value(s[m.end() :])
        return value if value and len(s) - m.end() - len(value) <= 2 else None
    return s if _BARE.match(s) else None
