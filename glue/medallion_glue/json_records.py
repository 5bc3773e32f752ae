"""Split Amazon Data Firehose output (JSON values concatenated with no separator) into records.

Firehose delivers records as written by the producer, so an S3 object often reads ``{..}{..}{..}``
(or one object per line when the producer adds ``\\n``). See
https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-s3
"""

from __future__ import annotations

import json
import re

_DECODER = json.JSONDecoder()
_WHITESPACE = re.compile(r"\s*")
# Where the next record may start after an undecodable region: an opening brace right after a
# closing brace or at the start of a line.
_RESYNC = re.compile(r"(?<=\})\s*(?=\{)|\n(?=\s*\{)")


def split_concatenated_json(text: str) -> list[str]:
    """Return the JSON values in ``text`` as separate strings, in order.

    Whitespace between values is skipped. An undecodable region is returned as one chunk (up to
    the next plausible record start) so the caller can quarantine it as a malformed record rather
    than lose it; decoding resumes after it.

    >>> split_concatenated_json('{"a":1}{"a":2}\\n{"a":3}')
    ['{"a":1}', '{"a":2}', '{"a":3}']
    >>> split_concatenated_json('{"a":1}{"a":oops}{"a":3}')
    ['{"a":1}', '{"a":oops}', '{"a":3}']
    """
    records: list[str] = []
    position = _WHITESPACE.match(text, 0).end()
    end = len(text)
    while position < end:
        try:
            _, stop = _DECODER.raw_decode(text, position)
        except json.JSONDecodeError:
            resync = _RESYNC.search(text, position + 1)
            stop = resync.start() if resync else end
        records.append(text[position:stop])
        position = _WHITESPACE.match(text, stop).end()
    return records
