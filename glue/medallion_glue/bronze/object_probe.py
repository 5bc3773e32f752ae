"""Look inside one bronze object's bytes: does it decompress, decode, hold a header and records?

Pure Python, shipped by value to the Spark workers (they need not import ``medallion_glue``). Text is
decoded incrementally, so memory stays near the object's compressed size. Gzip follows RFC 1952,
members may be concatenated (as Hadoop's ``GzipCodec`` reads them).
"""

from __future__ import annotations

import codecs
import csv
import re
import zlib
from collections.abc import Iterator

#: Failure kinds :func:`probe_object` reports; the reader maps them to quarantine reasons.
GZIP: str = "gzip"
ENCODING: str = "encoding"

_CHUNK = 1 << 20
_NEWLINE = re.compile(r"\r\n|\r|\n")
# Spark (Scala ``trim``) treats every character up to U+0020 as blank when it skips empty lines.
_CONTENT = re.compile(r"[^\x00-\x20]")


class _Unreadable(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def probe_object(
    content: bytes, gzipped: bool, encoding: str, csv_dialect: tuple[str, str, str] | None
) -> tuple[str | None, str | None, list[str] | None, bool]:
    """``(failure kind, message, header, has_records)`` for one object's raw bytes.

    Args:
        content: The object as stored (compressed when ``gzipped``).
        gzipped: Decompress as gzip first (the object's name ends with ``.gz``).
        encoding: Python codec name the text must decode with.
        csv_dialect: ``(delimiter, quote, escape)`` when the first non-blank line is a CSV header
            to return, else None (JSON, or CSV without a header).

    Returns:
        ``kind`` is :data:`GZIP` or :data:`ENCODING` (with a one-line ``message``) or None.
        ``header`` is the header's fields (a leading byte-order mark dropped), else None.
        ``has_records`` is whether any non-blank text follows the header (or, without a header,
        whether there is any non-blank text at all).
    """
    try:
        header_line, has_records = _scan(_chunks(content, gzipped), encoding, csv_dialect is not None)
    except _Unreadable as exc:
        return exc.kind, str(exc), None, False
    header = None
    if csv_dialect is not None and header_line is not None:
        header = parse_header(header_line.lstrip("\ufeff"), *csv_dialect)
    return None, None, header, has_records


def parse_header(line: str, delimiter: str, quote: str, escape: str) -> list[str]:
    """The fields of the CSV line ``line`` (Spark's ``sep``/``quote``/``escape`` semantics: an empty
    quote disables quoting; an escape equal to the quote means doubled quotes)."""
    if len(delimiter) != 1:
        return line.split(delimiter)
    if not quote or quote == "\u0000":
        return next(csv.reader([line], delimiter=delimiter, quoting=csv.QUOTE_NONE))
    if escape == quote:
        return next(csv.reader([line], delimiter=delimiter, quotechar=quote, doublequote=True))
    return next(
        csv.reader([line], delimiter=delimiter, quotechar=quote, escapechar=escape or None, doublequote=False)
    )


def _scan(chunks: Iterator[bytes], encoding: str, wants_header: bool) -> tuple[str | None, bool]:
    try:
        decoder = codecs.getincrementaldecoder(encoding)("strict")
    except LookupError:
        decoder = codecs.getincrementaldecoder("utf-8")("replace")  # a Java-only charset: not checked
    fed = newlines = 0
    head, header, after = "", None, False
    for chunk, final in _with_final(chunks):
        pending = len(decoder.getstate()[0])
        try:
            text = decoder.decode(chunk, final)
        except UnicodeDecodeError as exc:
            offset = fed - pending + exc.start
            line = newlines + chunk[: max(exc.start - pending, 0)].count(b"\n") + 1
            bad = exc.object[exc.start]
            raise _Unreadable(
                ENCODING,
                f"'{exc.encoding}' codec can't decode byte 0x{bad:02x} at offset {offset} (line {line}): "
                f"{exc.reason}",
            ) from None
        fed += len(chunk)
        newlines += chunk.count(b"\n")
        if not wants_header:
            after = after or _CONTENT.search(text) is not None
        elif header is None:
            head += text
            header, rest = _first_line(head, final)
            if header is not None:
                after, head = _CONTENT.search(rest) is not None, ""
        elif not after:
            after = _CONTENT.search(text) is not None
    return header, after


def _first_line(text: str, final: bool) -> tuple[str | None, str]:
    """The first non-blank complete line of ``text`` and what follows it (at the end of the
    object, an unterminated last line counts as complete)."""
    start = 0
    for match in _NEWLINE.finditer(text):
        if _CONTENT.search(text, start, match.start()):
            return text[start : match.start()], text[match.end() :]
        start = match.end()
    if final and _CONTENT.search(text, start):
        return text[start:], ""
    return None, ""


def _with_final(chunks: Iterator[bytes]) -> Iterator[tuple[bytes, bool]]:
    previous = None
    for chunk in chunks:
        if previous is not None:
            yield previous, False
        previous = chunk
    yield previous or b"", True


def _chunks(content: bytes, gzipped: bool) -> Iterator[bytes]:
    if not gzipped:
        for start in range(0, len(content), _CHUNK):
            yield content[start : start + _CHUNK]
        return
    data = content
    while data:
        stream = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            while data and not stream.eof:
                yield stream.decompress(data, _CHUNK)
                data = stream.unconsumed_tail
            if not stream.eof:
                yield stream.flush()
        except zlib.error as exc:
            raise _Unreadable(GZIP, f"not a valid gzip stream: {exc}") from None
        if not stream.eof:
            raise _Unreadable(
                GZIP,
                "gzip stream ends before its end-of-stream marker (the object is truncated)",
            )
        data = stream.unused_data
        if not data.strip(b"\0"):
            return
