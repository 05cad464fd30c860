"""The one error type document reading raises, with a Swedish message for users.

Everything that can go wrong with a user's file (empty, binary, scanned, encrypted,
unknown format, not a protocol at all) ends here, so callers catch exactly one type
and can show `str(error)` to a user without leaking a traceback.
"""

from __future__ import annotations

from pathlib import Path


class DocumentError(Exception):
    """A document could not be read or parsed. `str()` is a Swedish sentence naming the file."""

    def __init__(self, source: str | Path, reason: str) -> None:
        self.source = str(source)
        self.reason = reason
        super().__init__(f"{display_name(self.source)}: {reason}")


def display_name(source: str | Path) -> str:
    """The file name as shown to users: no directories, control characters made visible."""
    name = Path(str(source)).name or str(source)
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in name)
