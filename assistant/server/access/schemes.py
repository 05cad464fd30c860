"""The API keys as the OpenAPI description shows them (/docs gets an «Authorize» button).

The keys are checked by the guard (guard.py) before a request reaches a route; these
dependencies only declare the two ways to present one, as alternatives, and read nothing else.
"""

from __future__ import annotations

from typing import Any

from fastapi import Security
from fastapi.security import APIKeyHeader, HTTPBearer

from assistant.server.access.keys import ApiKeys

bearer = HTTPBearer(
    auto_error=False, scheme_name="Bearer", description="En av tjänstens API-nycklar (ASSISTANT_API_KEYS)."
)
api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, scheme_name="ApiKey", description="Samma nyckel i ett eget huvud."
)


def declared(keys: ApiKeys) -> list[Any]:
    """Route dependencies that put the key schemes in the OpenAPI description; none when the API is open."""
    return [Security(bearer), Security(api_key_header)] if keys else []
