"""Splitting Firehose output (concatenated JSON) into records."""

from __future__ import annotations

from medallion_glue.bronze.json_records import split_concatenated_json


def test_concatenated_objects_without_separator():
    assert split_concatenated_json('{"a":1}{"a":2}{"a":3}') == ['{"a":1}', '{"a":2}', '{"a":3}']


def test_newline_and_space_separated_objects():
    assert split_concatenated_json('{"a":1}\n{"a":2}\r\n  {"a":3}\n') == ['{"a":1}', '{"a":2}', '{"a":3}']


def test_braces_inside_strings_do_not_split():
    assert split_concatenated_json('{"t":"}{"}{"t":"x"}') == ['{"t":"}{"}', '{"t":"x"}']


def test_truncated_record_is_kept_as_one_chunk_and_the_next_record_survives():
    text = '{"a":{"b":1},"c":"tru{"a":2}{"a":3}'
    assert split_concatenated_json(text) == ['{"a":{"b":1},"c":"tru', '{"a":2}', '{"a":3}']


def test_garbage_at_the_end_is_one_chunk():
    assert split_concatenated_json('{"a":1}not json') == ['{"a":1}', "not json"]


def test_non_object_values_are_returned_for_the_parser_to_reject():
    assert split_concatenated_json('{"a":1} 42 [1,2]') == ['{"a":1}', "42", "[1,2]"]


def test_empty_text_has_no_records():
    assert split_concatenated_json("  \n") == []
