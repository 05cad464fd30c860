"""The glossary: the package thesaurus plus the corpus's own terms, matched with inflections."""

from __future__ import annotations

from pathlib import Path

from assistant.retrieval.glossary import Glossary


def test_thesaurus_ships_with_the_package(tmp_path: Path) -> None:
    glossary = Glossary.load(tmp_path / "missing.toml")
    assert "försörjningsstöd" in glossary.expand("ekonomiskt bistånd")


def test_inflections_and_compounds_match(tmp_path: Path) -> None:
    glossary = Glossary.from_toml('[[term]]\nterms = ["snus", "tobak"]\n[[term]]\nterms = ["missbruk", "beroende"]\n')
    assert "tobak" in glossary.expand("ungdomar som snusar")
    assert "beroende" in glossary.expand("missbrukssamordnare i länet")
    assert glossary.expand("snabbt svar") == "snabbt svar"  # "snabbt" is not a form of "snus"


def test_abbreviations_match_only_in_capitals(tmp_path: Path) -> None:
    glossary = Glossary.from_toml('[[term]]\nterms = ["SIP", "samordnad individuell plan"]\n')
    assert "samordnad individuell plan" in glossary.expand("Hur går det med SIP?")
    assert glossary.expand("en sip kaffe") == "en sip kaffe"


def test_corpus_glossary_adds_to_the_thesaurus(tmp_path: Path) -> None:
    (tmp_path / "glossary.toml").write_text('[[term]]\nterms = ["LSG", "Länssamverkansgruppen"]\n', encoding="utf-8")
    glossary = Glossary.load(tmp_path / "glossary.toml")
    assert "Länssamverkansgruppen" in glossary.expand("Vad sa LSG?")
    assert "försörjningsstöd" in glossary.expand("ekonomiskt bistånd")
    assert [t for t, _ in glossary.alternatives("ekonomiskt bistånd")] == ["ekonomiskt bistånd"]


def test_compound_prefixes_past_the_cap_and_pasted_strings() -> None:
    """Prefixes are looked up in a set up to 40 characters; a longer term is still found as a
    compound's start, and a question carrying a 20 000-character string is still answered
    (every prefix of it was once kept, quadratic in its length)."""
    long_term = "arbetsmiljöverksamhetsuppföljningsrutinerna"  # 43 characters
    glossary = Glossary.from_toml(f'[[term]]\nterms = ["{long_term}", "AMU"]\n[[term]]\nterms = ["missbruk", "beroende"]\n')
    assert "AMU" in glossary.expand(f"om {long_term}sgruppen i länet")
    assert "AMU" not in glossary.expand(f"om {long_term[:-3]}xyz i länet")
    pasted = "0" * 20000
    assert glossary.expand(f"missbrukssamordnare {pasted}") == f"missbrukssamordnare {pasted} beroende"
