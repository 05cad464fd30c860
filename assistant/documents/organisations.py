"""A body's name and the organisation it belongs to.

Headers name a body together with its municipality or region: as a letterhead run into the
name ("Region Sjölanda Patientnämnden", "LANDSTINGET I SJÖBOTTEN Landstingsfullmäktige"), or as a
qualifier ("Socialnämnden, Lillby kommun"). A letterhead is cut off. A qualifier is kept: one
index holds the socialnämnder of many municipalities, and "Socialnämnden" alone would merge them.
`bare_body` drops the qualifier too, for comparing with readings that leave it out.
"""

from __future__ import annotations

import re

_PLACE = r"[A-ZÅÄÖ][\w-]*(?:\s+[A-ZÅÄÖ][\w-]*)?"
_LETTERHEAD = re.compile(
    r"^(?:(?:Region|Landstinget)\s+[A-ZÅÄÖ][\w-]*|[A-ZÅÄÖ][\w-]*\s+kommun)\s+(?=[A-ZÅÄÖ])"
    r"|^[A-ZÅÄÖ]{2,}(?:[\s-]+[A-ZÅÄÖ]+)*\s+(?=[A-ZÅÄÖ][a-zåäö])"  # in capitals
)
_QUALIFIER = re.compile(
    rf"(?:,\s*|\s+i\s+)(?:{_PLACE}\s+(?:kommun|region|län|landsting)|(?:Region|Landstinget)\s+{_PLACE})$"
)


def without_letterhead(body: str) -> str:
    """ "Region Sjölanda Patientnämnden" -> "Patientnämnden"; a name that is only an organisation stays."""
    cut = _LETTERHEAD.sub("", body).strip()
    return cut or body


def bare_body(body: str | None) -> str | None:
    """The body's name without letterhead or qualifier: "Socialnämnden, Lillby kommun" -> "Socialnämnden"."""
    if not body:
        return body
    cut = _QUALIFIER.sub("", without_letterhead(body)).strip()
    return cut or body
