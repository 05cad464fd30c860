"""A body's name without the organisation it belongs to.

Headers name a body together with its municipality or region ("Socialnämnden, Lillby
kommun", "vård- och omsorgsnämnden i Storbyns kommun", "Regionfullmäktige i Region
Västerdal"). The body is what questions name and what citations show; the organisation is
context, so it is cut off wherever the parser reads a body.
"""

from __future__ import annotations

import re

_PLACE = r"[A-ZÅÄÖ][\w-]*(?:\s+[A-ZÅÄÖ][\w-]*)?"
_TRAILING_ORGANISATION = re.compile(
    rf"(?:,\s*|\s+i\s+)(?:{_PLACE}\s+(?:kommun|region|län|landsting)|(?:Region|Landstinget)\s+{_PLACE})$"
)


def without_organisation(body: str) -> str:
    """ "Socialnämnden, Lillby kommun" -> "Socialnämnden"; a name that is only an organisation stays."""
    cut = _TRAILING_ORGANISATION.sub("", body).strip()
    return cut or body
