"""Turning a file's bytes into text, or a clear reason why not."""

from __future__ import annotations

import codecs
import gzip
import io
import stat
from pathlib import Path
from typing import TextIO

from charset_normalizer import from_bytes

from storyfold.errors import InputError

# A text file has almost no control characters; more than this share of NULs or other C0
# controls (tab, CR, LF and form feed aside) marks a binary file. 1% keeps a stray control
# character in scraped text from rejecting a real article.
BINARY_CONTROL_SHARE = 0.01
_ALLOWED_CONTROLS = {9, 10, 12, 13}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its mark starts with UTF-16's
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def open_bytes(path: Path) -> io.BufferedIOBase:
    """The file's bytes, decompressed when its name ends in ".gz" (any case): the JSONL
    exports and Multi-News files come either way. Errors are the caller's to name."""
    return gzip.open(path, "rb") if _gzipped(path) else path.open("rb")


def open_utf8(path: Path) -> TextIO:
    """`open_bytes` as UTF-8 text."""
    if _gzipped(path):
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _gzipped(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def read_text(path: Path, max_bytes: int) -> str:
    """Read a text file of unknown encoding; raise InputError naming the path."""
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", input=str(path)) from exc
    if not stat.S_ISREG(info.st_mode):
        # A FIFO would block the read forever, a device could be endless.
        raise InputError("not a regular file; only regular files are read", input=str(path))
    size = info.st_size
    if size > max_bytes:
        raise InputError(
            f"file is {size:,} bytes, over the size limit of {max_bytes:,} (see --max-size)",
            input=str(path),
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", input=str(path)) from exc
    return decode(data, str(path))


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError("file is empty", input=name)
    # UTF-16 and UTF-32 text is full of NUL bytes; its byte-order mark says what it is
    # before the binary check can mistake it.
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"not valid {encoding} despite its byte-order mark", input=name
                ) from exc
    if _looks_binary(data):
        raise InputError("binary file, not text", input=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError("unknown text encoding (not UTF-8, and no other fits)", input=name)
    return str(best)


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in _ALLOWED_CONTROLS)
    return controls > BINARY_CONTROL_SHARE * len(sample)
