"""API keys: where a request presents one, and whether it is one of ours (compared in constant time).

A key is accepted as `Authorization: Bearer <key>` (what OpenAI's clients send) or as
`X-API-Key: <key>`. Every configured key is compared, whatever the outcome of the others,
with `hmac.compare_digest`, so the time a refusal takes says nothing about how much of a
key was right. Keys are never logged or shown; only whether one was given.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Sequence

Headers = Iterable[tuple[bytes, bytes]]


class ApiKeys:
    """The configured keys; empty means the API is open."""

    def __init__(self, keys: Sequence[str]) -> None:
        self._keys = tuple(key.encode("utf-8") for key in keys if key)

    def __bool__(self) -> bool:
        return bool(self._keys)

    def __repr__(self) -> str:  # never the keys themselves
        return f"ApiKeys({len(self._keys)} nycklar)"

    def matches(self, candidate: str | bytes | None) -> bool:
        """True if `candidate` is one of the keys; every key is compared, in constant time."""
        if candidate is None or not self._keys:
            return False
        given = candidate.encode("utf-8") if isinstance(candidate, str) else candidate
        found = False
        for key in self._keys:
            found |= hmac.compare_digest(given, key)
        return found


def presented_keys(headers: Headers) -> list[bytes]:
    """The keys a request presents: the Bearer token of `Authorization`, and `X-API-Key`."""
    keys: list[bytes] = []
    for name, value in headers:
        name = name.lower()
        if name == b"authorization":
            scheme, _, token = value.strip().partition(b" ")
            if scheme.lower() == b"bearer" and token.strip():
                keys.append(token.strip())
        elif name == b"x-api-key" and value.strip():
            keys.append(value.strip())
    return keys
