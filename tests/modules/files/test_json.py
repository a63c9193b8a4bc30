"""The one loader of untrusted JSON (modules/files/json.py): size, nesting depth, encoding, syntax."""

import pytest

from modules.files import json as safe_json
from modules.files.errors import UnsafeJSON


def refused(data, rule, **limits):
    with pytest.raises(UnsafeJSON) as caught:
        safe_json.loads(data, entry="what.json", **limits)
    assert (caught.value.rule, caught.value.entry) == (rule, "what.json") and caught.value.status == 400
    assert caught.value.message.endswith((".", ")")), caught.value.message
    return caught.value


def test_good_json_is_parsed_from_bytes_or_text():
    assert safe_json.loads(b'{"a": [1, {"b": "[[[{{{"}]}') == {"a": [1, {"b": "[[[{{{"}]}
    assert safe_json.loads('["\\"]]]"]') == ['"]]]']


def test_size_limit():
    refused(b"[" + b"1," * 100 + b"1]", "json-too-large", max_bytes=100)
    assert safe_json.loads(b"[1]", max_bytes=3) == [1]


@pytest.mark.parametrize("depth", [101, 20_000, 200_000])
def test_deep_nesting_is_refused_before_parsing(depth):
    refused("[" * depth + "]" * depth, "json-too-deep")
    refused('{"a":' * depth + "1" + "}" * depth, "json-too-deep")


def test_depth_limit_is_the_callers_and_brackets_in_strings_do_not_count():
    assert safe_json.loads("[" * 100 + "]" * 100)  # at the default limit
    refused("[[[1]]]", "json-too-deep", max_depth=2)
    assert safe_json.loads('[["[[[[[[", "\\\\"]]', max_depth=2) == [["[[[[[[", "\\"]]


@pytest.mark.parametrize("data", [b"\xff\xfe[1]", b'"\xc3"', b"\xef\xbb\xbf[1]"[1:]])
def test_bad_encoding_is_refused(data):
    refused(data, "invalid-json")


@pytest.mark.parametrize("data", ["", "{", "[1,]", "NaN", "[Infinity]", "{'a': 1}", "[1] x"])
def test_bad_syntax_is_refused(data):
    refused(data, "invalid-json")
