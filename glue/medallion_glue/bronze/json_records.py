"""Split Amazon Data Firehose output (JSON values concatenated with no separator) into records.

Firehose delivers records as written by the producer, so an S3 object often reads ``{..}{..}{..}``
(or one object per line when the producer adds ``\\n``). See
https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-s3
"""

from __future__ import annotations

import json
import re

_WHITESPACE = re.compile(r"\s*")


def split_concatenated_json(text: str) -> list[str]:
    """Return the JSON values in ``text`` as separate strings, in order.

    Whitespace between values is skipped. An undecodable region is returned as one chunk so the
    caller can quarantine it as a malformed record rather than lose it; decoding resumes at the
    next ``{`` that starts a complete JSON value followed by another value or the end of the text
    (so a nested object inside the broken record is not mistaken for a record).

    >>> split_concatenated_json('{"a":1}{"a":2}\\n{"a":3}')
    ['{"a":1}', '{"a":2}', '{"a":3}']
    >>> split_concatenated_json('{"a":1}{"a":oops}{"a":3}')
    ['{"a":1}', '{"a":oops}', '{"a":3}']
    >>> split_concatenated_json('{"a":{"b":1},"c{"a":2}')
    ['{"a":{"b":1},"c', '{"a":2}']
    """
    decoder = json.JSONDecoder()  # built here: the function is shipped by value to Spark workers
    records: list[str] = []
    position = _WHITESPACE.match(text, 0).end()
    end = len(text)
    while position < end:
        try:
            _, stop = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            stop = _next_record_start(decoder, text, position + 1)
        records.append(text[position:stop])
        position = _WHITESPACE.match(text, stop).end()
    return records


def _next_record_start(decoder: json.JSONDecoder, text: str, start: int) -> int:
    """Position of the first ``{`` at or after ``start`` that begins a complete JSON value followed
    by whitespace and then ``{`` or the end of ``text``; ``len(text)`` when there is none."""
    candidate = text.find("{", start)
    while candidate != -1:
        try:
            _, stop = decoder.raw_decode(text, candidate)
        except json.JSONDecodeError:
            pass
        else:
            following = _WHITESPACE.match(text, stop).end()
            if following == len(text) or text[following] == "{":
                return candidate
        candidate = text.find("{", candidate + 1)
    return len(text)
