"""Problems with the index itself, told to users in Swedish with what to do about them."""

from __future__ import annotations


class IndexProblem(Exception):
    """The index cannot be used as it is; `str()` is a Swedish sentence saying what to run."""


class IndexMissing(IndexProblem):
    def __init__(self, where: str) -> None:
        super().__init__(f"Det finns inget index i {where}. Bygg det med `assistant ingest` (eller `make run`).")


class IndexModelMismatch(IndexProblem):
    def __init__(self, built_with: str, built_dim: int, current: str, current_dim: int) -> None:
        super().__init__(
            f"Indexet byggdes med inbäddningsmodellen «{built_with}» ({built_dim} dimensioner), men nu används "
            f"«{current}» ({current_dim} dimensioner). Bygg om indexet med `assistant ingest --rebuild` "
            "eller byt tillbaka modell (ASSISTANT_EMBED_MODEL)."
        )


class IndexUnavailable(IndexProblem):
    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"Indexet i {where} kan inte öppnas ({reason}).")
