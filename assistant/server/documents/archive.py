"""A Word upload is a zip archive: before it is parsed, check what it really unpacks to.

The docx loader refuses archives whose directory declares too much (in total, or by
compression ratio), but the directory is written by whoever made the file. Python's zipfile
then trusts it only so far: reading a member inflates everything the compressed stream holds
in one go (up to 1 GB per read) and only afterwards cuts it to the declared size, so a 1 MB
file that claims 4 kB can still take a gigabyte of memory while it is parsed. Here every
member is inflated in bounded steps (1 MB at most at a time) and must end exactly where its
declared size and CRC say; one that produces more is refused as a zip bomb, without ever
holding more than a step of it.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from assistant.documents.loaders.docx import CORRUPT_REASON, MAX_UNCOMPRESSED_BYTES, TOO_BIG_REASON

LYING_REASON = "Word-filen packas upp till mer än den själv anger (som en så kallad zip-bomb) och läses inte"
_STEP = 1 << 20  # inflated bytes held at a time
_FEED = 1 << 16  # compressed bytes given to the inflater at a time
_LOCAL_HEADER = b"PK\x03\x04"


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def archive_problem(data: bytes, limit: int = MAX_UNCOMPRESSED_BYTES) -> str | None:
    """None if the zip unpacks to what it declares and no more than `limit`; else a Swedish reason."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return CORRUPT_REASON
    declared = sum(info.file_size for info in members)
    if declared > limit:
        return TOO_BIG_REASON.format(size=_mb(declared), limit=_mb(limit))
    try:
        for info in members:
            _check_member(data, info)
    except _Refused as refused:
        return refused.reason
    except (zlib.error, struct.error, ValueError, IndexError):
        return CORRUPT_REASON
    return None


def _check_member(data: bytes, info: zipfile.ZipInfo) -> None:
    """Inflate one member in bounded steps; _Refused unless it is exactly its declared size and CRC."""
    start = info.header_offset
    if data[start : start + 4] != _LOCAL_HEADER:
        raise _Refused(CORRUPT_REASON)
    name_length, extra_length = struct.unpack("<HH", data[start + 26 : start + 30])
    begin = start + 30 + name_length + extra_length
    packed = memoryview(data)[begin : begin + info.compress_size]
    if len(packed) < info.compress_size:
        raise _Refused(CORRUPT_REASON)
    if info.compress_type == zipfile.ZIP_STORED:
        size, crc = len(packed), zlib.crc32(packed)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        size, crc = _inflate(packed, info.file_size)
    else:  # Word writes deflate or stored; anything else is not a docx we read
        raise _Refused(CORRUPT_REASON)
    if size != info.file_size or crc != info.CRC:
        raise _Refused(CORRUPT_REASON)


def _inflate(packed: memoryview, declared: int) -> tuple[int, int]:
    """The inflated size and CRC of a deflate stream; _Refused as soon as it passes `declared`."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size, crc = 0, 0
    for offset in range(0, len(packed), _FEED):
        chunk = bytes(packed[offset : offset + _FEED])
        while chunk and not inflater.eof:
            out = inflater.decompress(chunk, _STEP)
            size += len(out)
            if size > declared:
                raise _Refused(LYING_REASON)
            crc = zlib.crc32(out, crc)
            chunk = inflater.unconsumed_tail
        if inflater.eof:
            break
    if not inflater.eof:
        raise _Refused(CORRUPT_REASON)
    return size, crc


def _mb(size: int) -> str:
    return str(round(size / (1024 * 1024)))
