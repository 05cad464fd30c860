"""Filters and dates as the API accepts them: exactly what its OpenAPI description says.

Pydantic would also read a date from a number (a Unix time: `until=0` is 1970-01-01) or from a
date-time string; the API documents `format: date` (YYYY-MM-DD) and holds to it, so a client's
mistake is a 422 instead of a silently different filter.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from assistant.retrieval.models import SearchFilters

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: object) -> object:
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_parsing", "Input should be a valid date in the format YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]


class Filters(SearchFilters):
    """Narrow a search: one body, a date range (YYYY-MM-DD), decisions or information, protocols or agreements."""

    since: IsoDate | None = None
    until: IsoDate | None = None
