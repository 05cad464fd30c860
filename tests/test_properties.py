"""Property tests: whatever text the parser is fed, it answers with a Document or its own error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.documents import Document, DocumentError, parse_text
from assistant.documents.sidecar import Sidecar

FRAGMENTS = [
    "Protokoll Socialnämnden",
    "§ 12 Budget",
    "§12",
    "Ärende 3: Rutin",
    "1. Val av justerare",
    "2 Föredragningslista Beslut",
    "| 4 | Information | Information |",
    "|---|---|",
    "- 5 Övriga frågor",
    "Beslut",
    "Beslut:",
    "Nämnden beslutar att",
    "att anta förslaget,",
    "Föredragande: Anna Berg",
    "Anna Berg redogjorde för",
    "Närvarande",
    "Frånvarande",
    "Justerandes signatur",
    "PROTOKOLL 2 (4)",
    "\f",
    "3.1 Ansvar",
    "Överenskommelse",
    "Kommunen ansvarar för",
    "uppdras att",
    "delegeras till",
    "återrapporteras till",
    "patient-",
    "säkerhet",
    "",
    "   ",
    "Datum: 2025-13-45",
    "den 31 februari",
    "UNDERSKRIFTSSIDA",
    "o att",
    "•",
    "Dnr: ",
    "kl. 25.99",
]


def _check(text: str) -> int:
    """Parse as detected, as a protocol and as an agreement; return how many gave a Document."""
    parsed = 0
    for kind in (None, "protocol", "agreement"):
        try:
            document = parse_text(text, source="slump.txt", sidecar=Sidecar(kind=kind))
        except DocumentError as error:
            assert str(error).startswith("slump.txt: ")
            continue
        parsed += 1
        assert isinstance(document, Document)
        for item in document.items:
            assert 0 <= item.start <= item.end <= len(text)
    return parsed


def test_fragments_do_reach_the_parsers() -> None:
    """Guards the property tests below: protocol-like input must get past detection."""
    text = "\n".join(FRAGMENTS)
    assert _check(text) == 3


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_random_text_never_raises_anything_else(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=60))
def test_protocol_like_text_never_raises_anything_else(lines: list[str]) -> None:
    _check("\n".join(lines))
